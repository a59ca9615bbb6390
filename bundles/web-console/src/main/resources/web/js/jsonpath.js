// Finds where a JSON path ("$.channels[0].poll", as the gateway's checks name problems) sits in a
// descriptor's text, so the editor can select it. Written here because the console ships no
// libraries: a small scanner over JSON text that remembers offsets, which JSON.parse cannot give.

/** "$.channels[0]['a.b']" -> ["channels", 0, "a.b"]; null when it is not such a path. */
export function segments(path) {
  if (typeof path !== 'string' || !path.startsWith('$')) return null;
  const out = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let i = 1;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m) return null;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push((m[3] !== undefined ? m[3] : m[4]).replace(/\\(.)/g, '$1'));
    i = re.lastIndex;
  }
  return out;
}

/**
 * The text range of the value at a path, or of its deepest ancestor present (a missing key is shown
 * at the object that lacks it).
 * @returns {{start: number, end: number}|null} null when the text is not JSON up to that point
 */
export function locate(src, path) {
  const want = segments(path);
  if (!want) return null;
  try {
    return new Scanner(src).find(want);
  } catch (e) {
    return null;
  }
}

class Scanner {
  constructor(src) {
    this.s = src;
    this.i = 0;
  }

  find(want) {
    this.ws();
    let depth = 0;
    // walk down: at each level scan the container for the wanted key or index
    for (;;) {
      this.ws();
      const start = this.i;
      if (depth === want.length) {
        this.skip();
        return { start, end: this.i };
      }
      const key = want[depth];
      const c = this.s[this.i];
      let found = false;
      if (c === '{' && typeof key === 'string') {
        this.i++;
        this.ws();
        while (this.s[this.i] !== '}') {
          const name = this.string();
          this.ws();
          this.expect(':');
          this.ws();
          if (name === key) {
            found = true;
            break;
          }
          this.skip();
          this.ws();
          if (this.s[this.i] === ',') {
            this.i++;
            this.ws();
          } else break;
        }
      } else if (c === '[' && typeof key === 'number') {
        this.i++;
        this.ws();
        for (let n = 0; this.s[this.i] !== ']'; n++) {
          if (n === key) {
            found = true;
            break;
          }
          this.skip();
          this.ws();
          if (this.s[this.i] === ',') {
            this.i++;
            this.ws();
          } else break;
        }
      }
      if (!found) {
        this.i = start;
        this.skip();
        return { start, end: this.i };
      }
      depth++;
    }
  }

  ws() {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  expect(ch) {
    if (this.s[this.i] !== ch) throw new Error(`expected ${ch} at ${this.i}`);
    this.i++;
  }

  string() {
    this.expect('"');
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.s[this.i++];
        if (e === 'u') {
          out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 4), 16));
          this.i += 4;
        } else {
          out += { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' }[e] || e;
        }
      } else out += c;
    }
    throw new Error('unterminated string');
  }

  skip() {
    this.ws();
    const c = this.s[this.i];
    if (c === '"') {
      this.string();
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      this.i++;
      this.ws();
      while (this.s[this.i] !== close) {
        if (this.i >= this.s.length) throw new Error('unterminated');
        if (c === '{') {
          this.string();
          this.ws();
          this.expect(':');
        }
        this.skip();
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
          this.ws();
        } else if (this.s[this.i] !== close) throw new Error(`expected , or ${close}`);
      }
      this.i++;
    } else {
      const m = /^[^\s,\]}]+/.exec(this.s.slice(this.i, this.i + 64));
      if (!m) throw new Error(`unexpected ${c}`);
      this.i += m[0].length;
    }
  }
}
