import fs from 'node:fs';

/** Writes a CSV of `count` generated lines in 1 MB chunks, honouring back-pressure. */
export async function writeLines(file: string, header: string, count: number, line: (index: number) => string): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(`${header}\n`);
  let buffer = '';
  for (let index = 0; index < count; index++) {
    buffer += `${line(index)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
