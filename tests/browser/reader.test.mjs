// End-to-end test of the reader in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser is downloaded). It starts `gazette serve` on a free port over a
// generated archive, then, like a lawyer would: loads the home page, searches for a 文号,
// opens the result, checks the validity banner (status, and the repealing act with the crop of
// its page when there is one), opens a page of the act with the hits highlighted on the scan,
// opens the completeness report from the home page, and checks that the document page works
// without JavaScript. Screenshots go to --out.
//
//   node reader.test.mjs --gazette BIN --archive DIR --out DIR --query 文号 --status CODE
//                        [--by NUMBER] [--prefix NAME-]
//
// Exit status: 0 pass, 1 fail, 77 skipped (no Chromium).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ['gazette', 'archive', 'out', 'query', 'status'])
    if (!out[k]) throw new Error(`--${k} is required`);
  out.prefix = out.prefix || '';
  return out;
}

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

// Starts `gazette serve` on a free port; resolves with { url, stop }.
function serve(bin, archive) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--archive', archive, 'serve', '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => reject(new Error('gazette serve did not start')), 20000);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`gazette serve exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const m = line.match(/http:\/\/[\d.]+:(\d+)\//);
      if (!m) return reject(new Error(`unexpected first line: ${line}`));
      resolve({
        url: `http://127.0.0.1:${m[1]}`,
        stop: () => new Promise((done) => {
          child.removeAllListeners('exit');
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: ${CHROMIUM} is not installed`);
    process.exit(77);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    console.log(`skipped: playwright-core is not installed (run npm ci in tests/browser): ${e.message}`);
    process.exit(77);
  }
  mkdirSync(args.out, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'gazette-chromium-'));
  const server = await serve(args.gazette, args.archive);
  let browser;
  try {
    // A persistent context is the only way to give Chromium a fresh --user-data-dir.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'UTC',
    });
    browser = context;
    const problems = [];
    const page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.setDefaultTimeout(15000);

    // 1. Home.
    const home = await page.goto(server.url + '/');
    check(home.status() === 200, 'home page answers 200');
    check((await page.locator('h1').first().textContent()).includes('政府公报'), 'home page has its title');
    check((await page.locator('ul.issues li').count()) >= 1, 'home page lists the latest issues');
    await page.screenshot({ path: join(args.out, `${args.prefix}home.png`) });

    // 2. Search for the 文号, as typed by a person, in the header search box.
    await page.locator('header input[name=q]').fill(args.query);
    await Promise.all([page.waitForURL(/\/search\?/), page.locator('header input[name=q]').press('Enter')]);
    const first = page.locator('#results .result').first();
    check((await first.count()) === 1, `search for ${args.query} has a result`);
    check((await first.locator('.badge').count()) === 1, 'the result carries a validity badge');
    check((await page.locator('#facets h3').count()) >= 1, 'the search page shows facets');
    check((await page.locator('input[type=date][name=as_of]').count()) === 1, 'the search page has an as-of date picker');
    const inForce = page.locator('#in-force-only, #all-statuses');
    check((await inForce.count()) === 1, 'the search page has the one-click in-force switch');
    await page.screenshot({ path: join(args.out, `${args.prefix}search.png`) });

    // 3. Open the result.
    await Promise.all([page.waitForURL(/\/documents\//), first.locator('h3 a').click()]);
    const banner = page.locator('#validity');
    check((await banner.getAttribute('data-status')) === args.status,
      `the validity banner says ${args.status} (got ${await banner.getAttribute('data-status')})`);
    const bg = await banner.evaluate((el) => getComputedStyle(el).backgroundColor);
    const colour = { in_force: 'rgb(46, 125, 50)', repealed: 'rgb(198, 40, 40)', expired: 'rgb(198, 40, 40)' }[args.status] || 'rgb(178, 106, 0)';
    check(bg === colour, `the banner is coloured for ${args.status} (${bg})`);
    if (args.by) {
      const acting = page.locator('#validity a#acting-act');
      check((await acting.count()) === 1 && (await acting.textContent()).includes(args.by),
        `the banner links the repealing act ${args.by}`);
      const crop = page.locator('#evidence-crop');
      check((await crop.count()) === 1, 'the banner shows a crop of the repealing page');
      if (await crop.count()) {
        await crop.scrollIntoViewIfNeeded();
        const w = await crop.evaluate((img) => img.complete && img.naturalWidth);
        check(w > 0, 'the crop image loads');
      }
    }
    check((await page.locator('#citation').inputValue()).includes('第'), 'the citation line is there');
    const copy = page.locator('button[data-copy=citation]');
    check(await copy.isVisible(), 'with JavaScript the copy button is shown');
    check((await page.locator('#permalink').getAttribute('href')).startsWith('/documents/'), 'the permalink is there');
    await page.screenshot({ path: join(args.out, `${args.prefix}document.png`) });
    const docUrl = page.url();

    // 4. A page of the act, with the query's hits boxed on the scan.
    const thumb = page.locator('#pages a').first();
    check((await thumb.count()) === 1, 'the document shows the page images it stands on');
    if (await thumb.count()) {
      // Open the act's pages in turn until one prints the searched number (with its printed
      // page numbers known, that is the first; without them, the reader shows the whole issue).
      const hrefs = await page.locator('#pages a').evaluateAll((as) => as.map((a) => a.href));
      let hits = 0;
      for (const href of hrefs) {
        await page.goto(href);
        await page.waitForFunction(() => {
          const img = document.querySelector('#scan image');
          return img && img.getBBox().width > 0;
        });
        hits = await page.locator('#scan rect.hit').count();
        if (hits > 0) break;
      }
      check((await page.locator('#scan image').count()) === 1, 'the page view shows the scan');
      check(hits >= 1, `the page view boxes the hits on the scan (${hits})`);
      check((await page.locator('#page-text mark').count()) >= 1, 'the page text marks the hits');
      check((await page.locator('#acts a').count()) >= 1, 'the page view links the acts on the page');
      await page.screenshot({ path: join(args.out, `${args.prefix}page.png`) });
    }
    // 5. The completeness report, linked from the home page.
    await page.goto(server.url + '/');
    await Promise.all([page.waitForURL(/\/completeness$/), page.locator('#completeness-link').click()]);
    check((await page.locator('h1').first().textContent()).includes('完整性报告'), 'the completeness page opens from the home page');
    check(/\d+ 个序列共缺 \d+ 个编号/.test(await page.locator('#gap-summary').textContent()), 'it counts the numbers missing from 文号 sequences');
    check(/\d+ 件/.test(await page.locator('#absent-summary').textContent()), 'it counts the acts referred to but not archived');
    const absentLinks = await page.locator('#absent a').count();
    const absentCount = Number((await page.locator('#absent-summary').textContent()).match(/\d+/)[0]);
    check(absentCount === 0 || absentLinks >= absentCount, `each absent act links the acts that refer to it (${absentLinks})`);
    await page.screenshot({ path: join(args.out, `${args.prefix}completeness.png`), fullPage: true });

    check(problems.length === 0, `no console errors or CSP violations (${problems.join(' | ')})`);

    // 6. Without JavaScript the document page still has everything, the copy button hidden.
    const nojs = await context.browser()?.newContext({ javaScriptEnabled: false });
    if (nojs) {
      const p2 = await nojs.newPage();
      await p2.goto(docUrl);
      check((await p2.locator('#validity').getAttribute('data-status')) === args.status, 'without JavaScript the banner is there');
      check(!(await p2.locator('button[data-copy=citation]').isVisible()), 'without JavaScript the copy button stays hidden');
      check((await p2.locator('#citation').count()) === 1, 'without JavaScript the citation can be selected');
      await nojs.close();
    } else {
      const p2 = await context.newPage();
      await p2.route('**/*.js', (r) => r.abort());
      await p2.goto(docUrl);
      check((await p2.locator('#validity').getAttribute('data-status')) === args.status, 'without the script the banner is there');
      check(!(await p2.locator('button[data-copy=citation]').isVisible()), 'without the script the copy button stays hidden');
      check((await p2.locator('#citation').count()) === 1, 'without the script the citation can be selected');
      await p2.close();
    }
  } finally {
    if (browser) await browser.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
  if (failures.length) {
    console.log(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('all checks passed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
