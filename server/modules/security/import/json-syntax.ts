/**
 * Where a JSON text first goes wrong, as a line number and a plain message. Node's JSON.parse
 * names no position for most errors ("Unexpected token ']', ... is not valid JSON"), and a
 * published example with a trailing comma must be reported at the comma's line, not line 1.
 */

export type JsonSyntaxError = { line: number; message: string };

export function findJsonError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  let line = 1;
  let commaLine = 1;
  const fail = (message: string, at = line): never => {
    throw { line: at, message } satisfies JsonSyntaxError;
  };
  const space = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\uFEFF') break;
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('a line break inside a string');
      if (text[i] === '\\') i++;
      i++;
    }
    if (i >= text.length) fail('a string that never ends');
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          if (text[i] === close) fail('a comma with nothing after it before "}" (a trailing comma)', commaLine);
          if (text[i] !== '"') fail('expected a "name" here');
          string();
          space();
          if (text[i] !== ':') fail('expected ":" after the name');
          i++;
        }
        space();
        if (text[i] === close && c === '[') fail('a comma with nothing after it before "]" (a trailing comma)', commaLine);
        value();
        space();
        if (text[i] === ',') {
          commaLine = line;
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail(`expected "," or "${close}"`);
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 40));
    if (!m) fail(i >= text.length ? 'the text ends too soon' : `unexpected "${c}"`);
    i += (m as RegExpExecArray)[0].length;
  };
  try {
    value();
    space();
    if (i < text.length) fail('more text after the end of the JSON');
    return undefined;
  } catch (e) {
    if (e && typeof e === 'object' && 'line' in e) return e as JsonSyntaxError;
    throw e;
  }
}
