// Drives graph.html (the paperkg explorer) in headless Chromium, as a person would: type in
// the search box, press Enter, click, untick a filter. Prints what it saw as JSON.
//
//   node tests/explorer.js check FILE QUERY          search QUERY, open its first paper, filter
//   node tests/explorer.js hostile FILE QUERY        search QUERY; report dialogs and <img>s
//   node tests/explorer.js screenshots FILE DIR QUERY  overview, entity and paper pictures
//   node tests/explorer.js bench FILE…               load time and frame time while panning
//
// Needs puppeteer-core (NODE_PATH=target/npm/node_modules) and Chromium (CHROMIUM, default
// /usr/bin/chromium). Every request other than the page itself is recorded as a failure.
'use strict';
const path = require('path');
const puppeteer = require('puppeteer-core');

async function open(file, viewport) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.setViewport(viewport || { width: 1400, height: 900 });
  const seen = { errors: [], requests: [], dialogs: [] };
  const url = 'file://' + path.resolve(file);
  page.on('console', (m) => { if (m.type() === 'error') seen.errors.push(m.text()); });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('request', (r) => { if (r.url().split('#')[0] !== url) seen.requests.push(r.url()); });
  page.on('dialog', async (d) => { seen.dialogs.push(d.message()); await d.dismiss(); });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
  seen.loadMs = Date.now() - t0;
  return { browser, page, seen };
}

async function searchAndEnter(page, query) {
  await page.click('#search');
  await page.type('#search', query);
  await page.waitForSelector('#results li');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#panel h2') !== null);
}

const panelText = (page) => page.$eval('#panel', (p) => ({
  showing: p.dataset.showing,
  heading: p.querySelector('h2') ? p.querySelector('h2').textContent : null,
  lists: Object.fromEntries([...p.querySelectorAll('ul[data-list]')].map((u) => [u.dataset.list, u.children.length])),
}));

async function check(file, query) {
  const { browser, page, seen } = await open(file);
  const out = { loadMs: seen.loadMs };
  out.drawn = await page.evaluate(() => window.paperkg.drawnCount());
  out.visibleBefore = await page.evaluate(() => window.paperkg.visibleCount());
  // A picture that is not blank: count non-white pixels of the canvas.
  out.inkedPixels = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
    return n;
  });
  await searchAndEnter(page, query);
  out.entity = await panelText(page);
  out.hashAfterEntity = await page.evaluate(() => location.hash);
  out.selected = await page.evaluate(() => window.paperkg.selectedId());
  // Click the first paper listed.
  await page.click('#panel ul[data-list] li button.link');
  await page.waitForFunction(() => document.getElementById('panel').dataset.showing === 'paper');
  out.paper = await panelText(page);
  out.hashAfterPaper = await page.evaluate(() => location.hash);
  out.drawnAfterPaper = await page.evaluate(() => window.paperkg.drawnCount());
  out.status = await page.$eval('#status', (s) => s.textContent);
  // Back to the entity through the URL fragment, as a shared link would.
  await page.evaluate((h) => { location.hash = h; }, out.hashAfterEntity);
  await page.waitForFunction(() => document.getElementById('panel').dataset.showing === 'entity');
  out.fromHash = await panelText(page);
  // Shift+Enter on a second entity: the papers using both.
  await page.click('#search', { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.type('#search', process.env.EXPLORER_SECOND || 'COCO');
  await page.waitForSelector('#results li');
  await page.keyboard.down('Shift');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Shift');
  await page.waitForFunction(() => document.getElementById('panel').dataset.showing === 'shared');
  out.shared = await panelText(page);
  out.hashAfterShared = await page.evaluate(() => location.hash);
  // Untick "paper": paper nodes disappear.
  await page.click('#kinds input[data-kind="paper"]');
  out.visibleWithoutPapers = await page.evaluate(() => window.paperkg.visibleCount());
  out.errors = seen.errors;
  out.requests = seen.requests;
  out.dialogs = seen.dialogs;
  await browser.close();
  return out;
}

async function hostile(file, query) {
  const { browser, page, seen } = await open(file);
  await searchAndEnter(page, query);
  const out = await panelText(page);
  out.images = await page.evaluate(() => document.querySelectorAll('img').length);
  out.scripts = await page.evaluate(() => document.querySelectorAll('script').length);
  out.resultsText = await page.evaluate(() => document.getElementById('panel').textContent);
  // Hover every drawn node's label area: labels are canvas text, never DOM.
  out.dialogs = seen.dialogs;
  out.errors = seen.errors;
  out.requests = seen.requests;
  out.flag = await page.evaluate(() => window.__pwned === true);
  await browser.close();
  return out;
}

async function screenshots(file, dir, query) {
  const { browser, page } = await open(file, { width: 1280, height: 800 });
  await page.screenshot({ path: path.join(dir, 'explorer-overview.png') });
  await searchAndEnter(page, query);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  await page.screenshot({ path: path.join(dir, 'explorer-entity.png') });
  await page.click('#panel ul[data-list] li button.link');
  await page.waitForFunction(() => document.getElementById('panel').dataset.showing === 'paper');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  await page.screenshot({ path: path.join(dir, 'explorer-paper.png') });
  await browser.close();
  return { dir };
}

async function bench(files) {
  const out = [];
  for (const file of files) {
    const { browser, page, seen } = await open(file);
    const drawn = await page.evaluate(() => window.paperkg.drawnCount());
    // 60 pan steps, each drawn synchronously; the frame time is the drawing's.
    const frames = await page.evaluate(() => {
      const t = [];
      for (let i = 0; i < 60; i++) t.push(window.paperkg.pan(i % 2 ? 7 : -5, 3));
      return t.sort((a, b) => a - b);
    });
    out.push({ file, drawn, loadMs: seen.loadMs, frameMedianMs: frames[30], frameP95Ms: frames[56], errors: seen.errors.length });
    await browser.close();
  }
  return out;
}

(async () => {
  const [cmd, ...args] = process.argv.slice(2);
  const run = { check: () => check(args[0], args[1]), hostile: () => hostile(args[0], args[1]),
    screenshots: () => screenshots(args[0], args[1], args[2]), bench: () => bench(args) }[cmd];
  if (!run) { console.error('usage: explorer.js check|hostile|screenshots|bench …'); process.exit(2); }
  console.log(JSON.stringify(await run()));
})().catch((e) => { console.error(e); process.exit(1); });
