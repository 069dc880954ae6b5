import { describe, expect, it } from 'vitest';
import { commanderPhrase, invalidArgument } from '../../src/cli/commander-errors.js';
import { phraseIn } from '../../src/errors.js';
import { CATALOGUES } from '../../src/i18n/messages.js';
import { errorPhrase } from '../../src/i18n/messages/errors.js';

/** Commander's refusals of a command line, read back from its English and worded in Chinese (issue 24). */
const zh = (text: string) => {
  const phrase = commanderPhrase(text);
  return phrase === undefined ? undefined : phraseIn(phrase, CATALOGUES['zh-CN'] as never);
};

describe("Commander's errors in Chinese", () => {
  it('words each form Commander writes, the names and values as typed', () => {
    expect(zh("error: unknown option '--bogus'\n")).toBe('未知选项 --bogus');
    expect(zh("error: unknown command 'rsik'\n(Did you mean risk?)\n")).toBe("未知命令 'rsik'（是否要用 risk？）");
    expect(zh("error: too many arguments for 'risk'. Expected 0 arguments but got 2.\n")).toBe("'risk' 的参数太多：应有 0 个，实际 2 个");
    expect(zh("error: missing required argument 'id'\n")).toBe('缺少必需的参数 id');
    expect(zh("error: required option '--for <tool>' not specified\n")).toBe('缺少必需的选项 --for <tool>');
    expect(zh("error: option '--limit <n>' argument missing\n")).toBe('选项 --limit <n> 缺少值');
    expect(zh("error: option '--x <v>' argument 'y' is invalid. Allowed choices are a, b.\n")).toBe("选项 --x <v> 的值 'y' 无效：可选值为 a, b");
  });

  it("takes the detail from csops's parser when it refused the value, and leaves an unknown detail or form as it came", () => {
    const refused = invalidArgument(errorPhrase('error.cli.expected_positive', { value: 'NOPE' }));
    expect(zh(`error: command-argument value 'NOPE' is invalid for argument 'id'. ${refused.message}\n`)).toBe("参数 id 的值 'NOPE' 无效：应为不小于 1 的整数（实际为 \"NOPE\"）");
    expect(zh(refused.message)).toBe('应为不小于 1 的整数（实际为 "NOPE"）');
    expect(zh("error: option '--x <v>' argument 'y' is invalid. something else\n")).toBe("选项 --x <v> 的值 'y' 无效：something else");
    expect(zh('error: a form Commander may add one day\n')).toBeUndefined();
    expect(zh("error: unknown option '--bogus'\n(a second line csops does not know)\n")).toBeUndefined();
  });
});
