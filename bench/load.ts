import http from 'node:http';

/**
 * A closed-loop load generator on loopback: `connections` keep-alive clients each send the next
 * request as soon as the previous answer arrived, for `seconds`. Bounded in time; 127.0.0.1 only.
 */
export function loadGenerator(port: number, opts: { seconds: number; connections: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });

  function get(url: string): Promise<number> {
    return new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: url, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
  }

  /** Requests per second that `url` sustains; any answer but 200 aborts the run. */
  async function load(url: string): Promise<number> {
    const end = Date.now() + opts.seconds * 1000;
    let done = 0;
    await Promise.all(
      Array.from({ length: opts.connections }, async () => {
        while (Date.now() < end) {
          const status = await get(url);
          if (status !== 200) throw new Error(`${url} answered ${status}`);
          done++;
        }
      }),
    );
    return done / opts.seconds;
  }

  return { load, close: () => agent.destroy() };
}
