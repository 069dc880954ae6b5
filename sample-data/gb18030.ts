/**
 * GB18030 bytes for text, for sample data and test fixtures of Chinese exports. Node decodes GB18030
 * but has no encoder, so the two-byte table (which covers GBK's characters) is reversed once.
 */
let table: Map<string, number[]> | undefined;

function reverseTable(): Map<string, number[]> {
  const reversed = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(Uint8Array.from([lead, trail]));
      if (char.length === 1 && !reversed.has(char)) reversed.set(char, [lead, trail]);
    }
  }
  return reversed;
}

export function encodeGb18030(text: string): Buffer {
  table ??= reverseTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`no two-byte GB18030 sequence for ${char}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}
