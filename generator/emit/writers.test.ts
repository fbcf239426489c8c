import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commentText,
  htmlCommentText,
  jsonForMarkdown,
  lineCommentText,
  markdownBlock,
  markdownCode,
  markdownFence,
  shellWord,
  tsString,
} from './writers.js';

describe('tsString', () => {
  it('is a literal that evaluates back to the text, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(new Function(`return ${tsString(text)};`)()).toBe(text);
      }),
    );
  });
});

describe('comment writers', () => {
  it('a block comment cannot be closed early, nor a line comment ended', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(new Function(`/* ${commentText(text)} */ return 1;`)()).toBe(1);
        expect(new Function(`// ${lineCommentText(text)}\nreturn 1;`)()).toBe(1);
      }),
    );
  });

  it('an HTML comment cannot be closed early', () => {
    expect(htmlCommentText('a --> <script>x</script>\n--')).not.toMatch(/--|>|\n/);
  });
});

describe('Markdown writers', () => {
  it('a code span holds any text, backticks included, without closing early', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(markdownCode('a\nb')).toBe('`a b`');
  });

  it('a fence is longer than any backtick run inside it', () => {
    expect(markdownFence('```\nrm -rf /\n````', 'sh')).toBe('`````sh\n```\nrm -rf /\n````\n`````');
  });

  it('a block keeps Markdown, shows HTML as text outside code, and closes a fence it left open', () => {
    expect(markdownBlock('**bold** <script>x</script> a < b')).toBe('**bold** &lt;script>x&lt;/script> a < b');
    expect(markdownBlock('text\n```\n<b>kept in code</b>')).toBe('text\n```\n<b>kept in code</b>\n```');
    expect(markdownBlock('<!-- open')).toBe('&lt;!-- open');
  });

  it('JSON for a fence has no backtick and parses to the same value', () => {
    const value = { a: '```\n`x`' };
    expect(jsonForMarkdown(value)).not.toContain('`');
    expect(JSON.parse(jsonForMarkdown(value))).toEqual(value);
  });
});

describe('shellWord', () => {
  it('is one word that a real shell reads back as the text, running nothing', () => {
    const samples = ["it's", '$(touch /tmp/x)', '`id`', 'a b', '"q"', '\\', 'plain-word', '', '; rm -rf /', "'$HOME'"];
    for (const text of samples) {
      const result = spawnSync('sh', ['-c', `printf %s ${shellWord(text)}`], { encoding: 'utf8' });
      expect(result.stdout).toBe(text);
    }
  });
});
