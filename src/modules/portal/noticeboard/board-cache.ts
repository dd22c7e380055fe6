/**
 * Rendered public boards kept in memory per app node. A board with hundreds of current notices
 * costs a query and a render of every row, while it changes a few times a day; each entry is
 * stored with the tenant's board version (`notice_board_version`, bumped by a trigger in every
 * transaction that changes a notice), and a request checks that one row before reusing it, so
 * any node sees another node's change at once. Bounded: the least recently used entry goes.
 */
export class BoardCache {
  private readonly entries = new Map<string, { version: string; value: string }>();

  constructor(private readonly capacity = 500) {}

  async get(key: string, version: string, produce: () => Promise<string>): Promise<string> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      // Map keeps insertion order: re-inserting marks the entry as most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = await produce();
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
