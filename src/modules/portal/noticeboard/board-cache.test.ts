import { describe, expect, it } from 'vitest';
import { BoardCache } from './board-cache.js';

describe('BoardCache', () => {
  it('renders once per version and again when the version changes', async () => {
    const cache = new BoardCache();
    let renders = 0;
    const produce = async () => `board ${++renders}`;
    const steps: [version: string, expected: string][] = [
      ['1', 'board 1'],
      ['1', 'board 1'],
      ['2', 'board 2'],
      ['2', 'board 2'],
      ['1', 'board 3'], // any other version is a miss, never an old value
    ];
    for (const [version, expected] of steps) expect(await cache.get('k', version, produce)).toBe(expected);
    expect(renders).toBe(3);
  });

  it('drops the least recently used entry beyond its capacity', async () => {
    const cache = new BoardCache(2);
    const rendered: string[] = [];
    const produce = (k: string) => async () => {
      rendered.push(k);
      return k;
    };
    await cache.get('a', '1', produce('a'));
    await cache.get('b', '1', produce('b'));
    await cache.get('a', '1', produce('a')); // a is now the most recent
    await cache.get('c', '1', produce('c')); // evicts b
    await cache.get('a', '1', produce('a'));
    await cache.get('b', '1', produce('b'));
    expect(rendered).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.size).toBe(2);
  });

  it('does not keep a value whose rendering failed', async () => {
    const cache = new BoardCache();
    await expect(
      cache.get('k', '1', async () => {
        throw new Error('database gone');
      }),
    ).rejects.toThrow('database gone');
    expect(await cache.get('k', '1', async () => 'ok')).toBe('ok');
  });
});
