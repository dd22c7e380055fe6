import { describe, expect, it } from 'vitest';
import { contentDisposition, MAX_FILENAME, sanitizeFilename } from './index.js';

describe('sanitizeFilename', () => {
  it.each([
    ['Žádost o informace.pdf', 'Žádost o informace.pdf'], // diacritics stay
    ['C:\\Users\\novak\\Plná moc.docx', 'Plná moc.docx'], // client path dropped
    ['../../etc/passwd', 'passwd'],
    ['/var/www/index.html', 'index.html'],
    ['smlouva\u0000.pdf', 'smlouva.pdf'], // NUL
    ['řádek\r\nhlavička.txt', 'řádekhlavička.txt'], // CR LF
    ['faktura\u202Efdp.exe', 'fakturafdp.exe'], // right-to-left override that disguises .exe
    ['zero\u200Bwidth.txt', 'zerowidth.txt'],
    ['a<b>c:d"e|f?g*.txt', 'a_b_c_d_e_f_g_.txt'], // reserved on Windows
    ['  mezery   uvnitř  .odt  ', 'mezery uvnitř .odt'],
    ['tečka na konci.', 'tečka na konci'],
    ['', 'file'],
    ['..', 'file'],
    ['\u0007\u0008', 'file'],
    ['dir/', 'file'],
    ['.htaccess', '.htaccess'],
    ['Cafe\u0301.txt', 'Café.txt'], // decomposed é becomes one character (NFC)
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it('shortens a long name to 255 characters and keeps the extension', () => {
    const name = `${'ř'.repeat(300)}.pdf`;
    const safe = sanitizeFilename(name);
    expect(Array.from(safe)).toHaveLength(MAX_FILENAME);
    expect(safe.endsWith('ř.pdf')).toBe(true);
  });

  it('counts characters, not UTF-16 units, so an emoji is not cut in half', () => {
    const safe = sanitizeFilename('😀'.repeat(300));
    expect(Array.from(safe)).toHaveLength(MAX_FILENAME);
    expect(safe).toBe('😀'.repeat(MAX_FILENAME));
  });
});

describe('contentDisposition', () => {
  it.each([
    ['zpráva.pdf', 'attachment', `attachment; filename="zprava.pdf"; filename*=UTF-8''zpr%C3%A1va.pdf`],
    ['report.csv', 'inline', `inline; filename="report.csv"; filename*=UTF-8''report.csv`],
    [
      'a "quoted" name%.txt',
      'attachment',
      `attachment; filename="a _quoted_ name_.txt"; filename*=UTF-8''a%20_quoted_%20name%25.txt`,
    ],
    [
      "it's (1).txt",
      'attachment',
      `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    ],
  ] as const)('%j as %s', (name, type, expected) => {
    expect(contentDisposition(name, type)).toBe(expected);
  });
});
