import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from './cli.js';

/** Debian's chromium (the HTML tests are skipped without it; .ci/run installs it). */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => fs.existsSync(candidate));

/** Where rendering tests leave their screenshots (git-ignored). */
export const TEST_OUTPUT = path.join(REPO_ROOT, 'test-output');

const HEADLESS = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--host-resolver-rules=MAP * ~NOTFOUND'];

/** Screenshots the page in headless Chromium with the network cut off; returns the PNG's path. */
export function screenshot(page: string, name: string, size = '1000,2600'): string {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  const png = path.join(TEST_OUTPUT, `${name}.png`);
  fs.rmSync(png, { force: true });
  const run = spawnSync(CHROMIUM!, [...HEADLESS, `--window-size=${size}`, `--screenshot=${png}`, `file://${page}`], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  const bytes = fs.readFileSync(png);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  return png;
}

/** The document as Chromium parsed it (after rendering, with the network cut off). */
export function renderedDom(page: string): string {
  const run = spawnSync(CHROMIUM!, [...HEADLESS, '--dump-dom', `file://${page}`], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
export const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!);

/** Every `data-figure` cell of a page: key → the text shown. */
export function figureCells(html: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const match of html.matchAll(/<t[dh][^>]*\bdata-figure="([^"]+)"[^>]*>([^<]*)<\/t[dh]>/g)) cells.set(unescapeHtml(match[1]!), unescapeHtml(match[2]!));
  return cells;
}

/** The page's visible words: no tags, no <style>, entities decoded. */
export function pageText(html: string): string {
  return unescapeHtml(html.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<title>[\s\S]*?<\/title>/g, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** Self-contained: no script, no frame, no external URL, nothing loaded from elsewhere. */
export function expectSelfContained(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  expect(html.trimEnd().endsWith('</html>')).toBe(true);
  expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import|url\(|https?:\/\/|\bsrc=|\bhref=|\bon[a-z]+=/i);
  // Every attribute value ends where it should: a double quote inside one (a font name in an inline style) would cut it short.
  expect(html.match(/\b[a-z-]+="[^"]*"[^\s>/]/g) ?? []).toEqual([]);
}
