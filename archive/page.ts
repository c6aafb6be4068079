/**
 * The style and script of the report page (archive/report.ts writes them inline; the page's Content-Security-Policy
 * allows exactly these two by their digests). The script reads the JSON data blocks only when needed, keeps a few
 * parsed blocks, and builds every element with text nodes: no value of the archive is ever read as HTML.
 */

export const PAGE_STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 16px 40px; color: #1b1b1b; }
h1 { font-size: 1.5em; margin: 16px 0 4px; } h2 { font-size: 1.15em; margin: 0 0 8px; } h3 { font-size: 1.05em; margin: 16px 0 6px; }
.where { color: #555; margin: 0 0 12px; font-size: 0.9em; }
#verdict { border-radius: 6px; padding: 12px 16px; margin: 12px 0 20px; }
#verdict.ok { background: #e6f4ea; border: 2px solid #1e7e34; }
#verdict.bad { background: #fdecea; border: 2px solid #b3261e; }
#verdict ul { margin: 6px 0 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #f2f2f2; position: sticky; top: 0; }
tr.first td { border-top: 2px solid #bbb; }
form { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 12px; }
form label { flex-basis: 100%; }
input[type=search] { flex: 1; min-width: 240px; font: inherit; padding: 6px 8px; }
input[type=number] { width: 6em; font: inherit; }
button { font: inherit; padding: 5px 12px; cursor: pointer; }
button.link { border: 0; background: none; padding: 0; color: #0b57d0; text-decoration: underline; }
.pager { display: flex; gap: 8px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.note { color: #555; }
svg text { font: 12px system-ui, sans-serif; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
.legend .days { background: #1a73e8; } .legend .right { background: #f9ab00; }
`;

/* The script below is plain JavaScript for the browser (ES2017), kept free of template placeholders. */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var doc = document;
  var block = function (id) { var el = doc.getElementById(id); return el ? JSON.parse(el.textContent) : null; };
  var meta = block('meta');
  var HOURS_PER_DAY = meta.hoursPerDay;
  var results = doc.getElementById('results');
  var cache = new Map();
  var lazy = {};
  var index = function (name) { if (!(name in lazy)) lazy[name] = block(name); return lazy[name]; };

  /* A parsed data block, with its rows grouped by employer; the last 12 are kept. */
  function chunk(i) {
    var hit = cache.get(i);
    if (hit) { cache.delete(i); cache.set(i, hit); return hit; }
    var c = block('c' + i);
    /* Rows name their worker by its number in the chunk's list w: put the NISS back. */
    c.t.forEach(function (row) { row[1] = row[1] === null ? '' : c.w[row[1]]; });
    c.r.forEach(function (row) { row[1] = row[1] === null ? '' : c.w[row[1]]; });
    c.c.forEach(function (row) { row[1] = row[1] === null ? '' : c.w[row[1]]; });
    c.o.forEach(function (row) { row[3] = row[3] === null ? '' : c.w[row[3]]; });
    c.by = c.e.map(function () { return { t: [], r: [], c: [], o: [] }; });
    ['t', 'r', 'c', 'o'].forEach(function (k) { c[k].forEach(function (row) { c.by[row[0]][k].push(row); }); });
    cache.set(i, c);
    if (cache.size > 12) cache.delete(cache.keys().next().value);
    return c;
  }

  /* The script runs when the first page's data is read; what needs the rest waits for the whole file. */
  function whenRead(handler) {
    return function (event) {
      if (doc.readyState !== 'loading') { handler(event); return; }
      results.setAttribute('data-state', 'waiting');
      doc.addEventListener('DOMContentLoaded', function () { handler(event); }, { once: true });
    };
  }

  function el(tag, props) {
    var node = doc.createElement(tag);
    if (props) Object.keys(props).forEach(function (k) {
      if (k === 'text') node.textContent = props[k];
      else if (k === 'onclick') node.addEventListener('click', whenRead(props[k]));
      else node[k] = props[k];
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
    }
    return node;
  }
  function round2(n) { return Math.round(n * 100) / 100; }
  function fmt(n) {
    if (n === null || n === undefined || n === '') return '';
    var r = round2(Number(n));
    var parts = String(r).split('.');
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return parts.join('.');
  }
  function days(hours) { return hours === null || hours === undefined ? null : hours / HOURS_PER_DAY; }
  function rightDays(unit, amount) { return amount === null ? 0 : unit === 'hours' ? amount / HOURS_PER_DAY : amount; }
  function niss(s) { var d = String(s).replace(/\D/g, ''); return d.length === 11 ? d.slice(0, 2) + '.' + d.slice(2, 4) + '.' + d.slice(4, 6) + '-' + d.slice(6, 9) + '.' + d.slice(9) : String(s); }
  function enr(s) { var d = String(s); return /^\d{10}$/.test(d) ? d.slice(0, 4) + '.' + d.slice(4, 7) + '.' + d.slice(7) : (d || '(not given)'); }
  function yearOf(date) { var m = /^(\d{4})/.exec(String(date)); return m ? Number(m[1]) : null; }

  function table(head, rows, numeric, className) {
    var thead = el('thead', null, el('tr', null));
    head.forEach(function (h, i) { thead.firstChild.appendChild(el('th', { scope: 'col', text: h, className: numeric && numeric[i] ? 'n' : '' })); });
    var tbody = el('tbody');
    rows.forEach(function (row) {
      var tr = el('tr', row.className ? { className: row.className } : null);
      (row.cells || row).forEach(function (cell, i) {
        var td = el('td', { className: numeric && numeric[i] ? 'n' : '' });
        if (cell !== null && cell !== undefined) td.appendChild(typeof cell === 'object' ? cell : doc.createTextNode(String(cell)));
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    return el('table', className ? { className: className } : null, thead, tbody);
  }
  function workerLink(ssin) { return ssin ? el('button', { type: 'button', className: 'link worker', text: niss(ssin), onclick: function () { showWorker(String(ssin).replace(/\D/g, '')); } }) : '(company-wide)'; }
  function employerLink(en) {
    return el('button', { type: 'button', className: 'link employer', text: enr(en), onclick: function () { var i = findEmployer(en); if (i >= 0) showEmployer(i, 0); } });
  }
  function pager(page, pages, go) {
    var input = el('input', { type: 'number', min: 1, max: pages, value: page + 1, title: 'Page' });
    input.setAttribute('aria-label', 'Page number');
    return el('div', { className: 'pager' },
      el('button', { type: 'button', text: '« First', disabled: page === 0, onclick: function () { go(0); } }),
      el('button', { type: 'button', className: 'prev', text: '‹ Previous', disabled: page === 0, onclick: function () { go(page - 1); } }),
      el('span', { className: 'where', text: 'Page ' + fmt(page + 1) + ' of ' + fmt(pages) }),
      el('button', { type: 'button', className: 'next', text: 'Next ›', disabled: page >= pages - 1, onclick: function () { go(page + 1); } }),
      el('button', { type: 'button', text: 'Last »', disabled: page >= pages - 1, onclick: function () { go(pages - 1); } }),
      input,
      el('button', { type: 'button', text: 'Go', onclick: function () { var p = Math.min(pages, Math.max(1, Number(input.value) || 1)); go(p - 1); } }));
  }
  function show(state, nodes) {
    results.textContent = '';
    nodes.forEach(function (n) { if (n) results.appendChild(n); });
    results.setAttribute('data-state', state);
  }

  /* Totals of one employer for one year, from its rows. */
  function employerYears(c, ei) {
    var by = c.by[ei];
    var years = new Map();
    var get = function (y) { var t = years.get(y); if (!t) { t = { trainings: 0, hours: 0, workers: new Set(), rights: 0, rightDays: 0, credits: 0, company: 0, workerOptOuts: 0 }; years.set(y, t); } return t; };
    c.e[ei][1].forEach(get);
    by.t.forEach(function (t) { var y = yearOf(t[3]); if (y === null) return; var s = get(y); s.trainings++; s.hours += t[5] || 0; s.workers.add(t[1]); });
    by.r.forEach(function (r) { if (r[2] === null) return; var s = get(r[2]); s.rights++; s.rightDays += rightDays(r[4], r[5]); });
    by.c.forEach(function (r) { if (r[2] === null) return; get(r[2]).credits++; });
    by.o.forEach(function (o) { if (o[1] === null) return; var s = get(o[1]); if (o[2] === 'company') s.company++; else s.workerOptOuts++; });
    return Array.from(years.keys()).sort().map(function (y) { return [y, years.get(y)]; });
  }
  function optOutText(s) { return s.company ? 'company-wide' + (s.workerOptOuts ? ' + ' + s.workerOptOuts + ' worker(s)' : '') : s.workerOptOuts ? s.workerOptOuts + ' worker(s)' : ''; }

  var EMPLOYER_HEAD = ['Employer', 'Year', 'Trainings', 'Workers trained', 'Training hours', 'Training days', 'Training rights', 'Right days', 'Training credits', 'Opt-out'];
  var EMPLOYER_NUM = [false, false, true, true, true, true, true, true, true, false];

  function showEmployers(page) {
    var pages = Math.max(1, Math.ceil(meta.employers / meta.perPage));
    page = Math.min(Math.max(0, page), pages - 1);
    var rows = [];
    for (var i = page * meta.perPage; i < Math.min(meta.employers, (page + 1) * meta.perPage); i++) {
      var c = chunk(Math.floor(i / meta.perChunk));
      var ei = i % meta.perChunk;
      var en = c.e[ei][0];
      var years = employerYears(c, ei);
      if (!years.length) rows.push({ className: 'first', cells: [employerLink(en), '', 0, 0, 0, 0, 0, 0, 0, c.e[ei][2] ? 'file unreadable' : ''] });
      years.forEach(function (pair, k) {
        var s = pair[1];
        rows.push({ className: k === 0 ? 'first' : '', cells: [k === 0 ? employerLink(en) : '', pair[0], s.trainings, s.workers.size, fmt(s.hours), fmt(days(s.hours)), s.rights, fmt(s.rightDays), s.credits, optOutText(s)] });
      });
    }
    show('employers:' + page, [
      el('h3', { text: 'All employers (' + fmt(meta.employers) + '), ' + meta.perPage + ' a page' }),
      pager(page, pages, showEmployers),
      table(EMPLOYER_HEAD, rows, EMPLOYER_NUM),
      pager(page, pages, showEmployers)]);
  }

  function findEmployer(en) {
    var list = index('employers');
    var lo = 0, hi = list.length - 1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (list[mid] === en) return mid; if (list[mid] < en) lo = mid + 1; else hi = mid - 1; }
    return -1;
  }

  var TRAINING_HEAD = ['Employer', 'Worker NISS', 'Training', 'Type', 'Start', 'End', 'Hours', 'Days', 'Status'];
  var TRAINING_NUM = [false, false, false, false, false, false, true, true, false];
  var titles = function () { return index('titles').titles; };
  function trainingRow(c, t) { return [employerLink(c.e[t[0]][0]), workerLink(t[1]), titles()[t[2]], t[6], t[3], t[4], fmt(t[5]), fmt(days(t[5])), t[7]]; }

  function showEmployer(i, page) {
    var c = chunk(Math.floor(i / meta.perChunk));
    var ei = i % meta.perChunk;
    var en = c.e[ei][0];
    var by = c.by[ei];
    var years = employerYears(c, ei);
    var rows = years.map(function (pair) { var s = pair[1]; return [pair[0], s.trainings, s.workers.size, fmt(s.hours), fmt(days(s.hours)), s.rights, fmt(s.rightDays), s.credits, optOutText(s)]; });
    /* Per worker and year: trainings, days trained, right days, credit left. */
    var workers = new Map();
    var cell = function (ssin, y) { var w = workers.get(ssin); if (!w) { w = new Map(); workers.set(ssin, w); } var s = w.get(y); if (!s) { s = { trainings: 0, hours: 0, right: 0, left: null }; w.set(y, s); } return s; };
    by.t.forEach(function (t) { var y = yearOf(t[3]); if (y !== null) { var s = cell(t[1], y); s.trainings++; s.hours += t[5] || 0; } });
    by.r.forEach(function (r) { if (r[2] !== null) cell(r[1], r[2]).right += rightDays(r[4], r[5]); });
    by.c.forEach(function (r) { if (r[2] !== null && r[5] !== null) cell(r[1], r[2]).left = r[5]; });
    var workerRows = [];
    Array.from(workers.keys()).sort().forEach(function (ssin) {
      var w = workers.get(ssin);
      Array.from(w.keys()).sort().forEach(function (y, k) {
        var s = w.get(y);
        workerRows.push({ className: k === 0 ? 'first' : '', cells: [k === 0 ? workerLink(ssin) : '', y, s.trainings, fmt(s.hours), fmt(days(s.hours)), fmt(s.right), s.left === null ? '' : fmt(s.left)] });
      });
    });
    var per = 50;
    var pages = Math.max(1, Math.ceil(by.t.length / per));
    page = Math.min(Math.max(0, page), pages - 1);
    var trainings = by.t.slice(page * per, (page + 1) * per).map(function (t) { return trainingRow(c, t); });
    show('employer:' + en, [
      el('h3', { text: 'Employer ' + enr(en) + (c.e[ei][2] ? ' (its JSON file could not be read)' : '') }),
      table(['Year', 'Trainings', 'Workers trained', 'Training hours', 'Training days', 'Training rights', 'Right days', 'Training credits', 'Opt-out'], rows, [false, true, true, true, true, true, true, true, false]),
      el('h3', { text: 'Workers (' + fmt(workers.size) + ')' }),
      table(['Worker NISS', 'Year', 'Trainings', 'Training hours', 'Training days', 'Right days', 'Credit left (hours)'], workerRows, [false, false, true, true, true, true, true]),
      el('h3', { text: 'Trainings (' + fmt(by.t.length) + ')' }),
      pages > 1 ? pager(page, pages, function (p) { showEmployer(i, p); }) : null,
      table(TRAINING_HEAD, trainings, TRAINING_NUM, 'trainings')]);
  }

  /* The chunks holding a worker (the index is sorted by NISS digits). */
  function workerEntries(prefix) {
    var list = index('workers');
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid][0] < prefix) lo = mid + 1; else hi = mid; }
    var out = [];
    for (var i = lo; i < list.length && list[i][0].slice(0, prefix.length) === prefix; i++) out.push(list[i]);
    return out;
  }

  function chart(years) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = doc.createElementNS(ns, 'svg');
    var max = 1;
    years.forEach(function (y) { max = Math.max(max, y.days, y.right); });
    var barH = 18, gap = 10, left = 60, width = 520;
    var height = years.length * (2 * barH + gap) + 10;
    svg.setAttribute('width', String(left + width + 80));
    svg.setAttribute('height', String(height));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Training days and right days per year');
    var add = function (tag, attrs, content) {
      var node = doc.createElementNS(ns, tag);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
      if (content !== undefined) node.textContent = content;
      svg.appendChild(node);
    };
    years.forEach(function (y, i) {
      var top = 5 + i * (2 * barH + gap);
      add('text', { x: 0, y: top + barH + 4 }, String(y.year));
      var w1 = Math.max(1, Math.round(width * y.days / max));
      var w2 = Math.max(1, Math.round(width * y.right / max));
      add('rect', { x: left, y: top, width: w1, height: barH - 2, fill: '#1a73e8' });
      add('text', { x: left + w1 + 6, y: top + barH - 6 }, fmt(y.days) + ' days trained');
      add('rect', { x: left, y: top + barH, width: w2, height: barH - 2, fill: '#f9ab00' });
      add('text', { x: left + w2 + 6, y: top + 2 * barH - 6 }, fmt(y.right) + ' right days');
    });
    return svg;
  }

  function showWorker(digits) {
    var entries = workerEntries(digits).filter(function (e) { return e[0] === digits; });
    if (!entries.length) { show('notfound', [el('p', { text: 'No worker with NISS ' + niss(digits) + ' in this archive.' })]); return; }
    var chunks = [].concat(entries[0][1]);
    var trainings = [], rights = [], credits = [], optOuts = [];
    var perYear = new Map();
    var year = function (y) { var s = perYear.get(y); if (!s) { s = { year: y, trainings: 0, hours: 0, days: 0, right: 0 }; perYear.set(y, s); } return s; };
    chunks.forEach(function (ci) {
      var c = chunk(ci);
      var mine = function (s) { return String(s).replace(/\D/g, '') === digits; };
      c.t.forEach(function (t) { if (!mine(t[1])) return; trainings.push(trainingRow(c, t)); var y = yearOf(t[3]); if (y !== null) { var s = year(y); s.trainings++; s.hours += t[5] || 0; s.days += days(t[5]) || 0; } });
      c.r.forEach(function (r) { if (!mine(r[1])) return; rights.push([employerLink(c.e[r[0]][0]), r[2], r[3], fmt(r[5]) + ' ' + r[4], fmt(rightDays(r[4], r[5]))]); if (r[2] !== null) year(r[2]).right += rightDays(r[4], r[5]); });
      c.c.forEach(function (r) { if (!mine(r[1])) return; credits.push([employerLink(c.e[r[0]][0]), r[2], fmt(r[3]), fmt(r[4]), fmt(r[5])]); });
      c.o.forEach(function (o) { if (o[3] && mine(o[3])) optOuts.push([employerLink(c.e[o[0]][0]), o[1]]); });
    });
    var years = Array.from(perYear.keys()).sort().map(function (y) { return perYear.get(y); });
    show('worker:' + digits, [
      el('h3', { text: 'Worker ' + niss(digits) }),
      el('p', { className: 'legend' }, 'Per year:', el('span', { className: 'days' }), 'days trained (hours ÷ ' + HOURS_PER_DAY + ')', el('span', { className: 'right' }), 'training right in days'),
      chart(years),
      table(['Year', 'Trainings', 'Training hours', 'Training days', 'Right days'], years.map(function (y) { return [y.year, y.trainings, fmt(y.hours), fmt(y.days), fmt(y.right)]; }), [false, true, true, true, true]),
      el('h3', { text: 'Trainings (' + trainings.length + ')' }),
      table(TRAINING_HEAD, trainings, TRAINING_NUM, 'trainings'),
      rights.length ? el('h3', { text: 'Training rights (' + rights.length + ')' }) : null,
      rights.length ? table(['Employer', 'Year', 'Type', 'Amount', 'Days'], rights, [false, false, false, true, true]) : null,
      credits.length ? el('h3', { text: 'Training credits (' + credits.length + ')' }) : null,
      credits.length ? table(['Employer', 'Year', 'Right (hours)', 'Used (hours)', 'Left (hours)'], credits, [false, false, true, true, true]) : null,
      optOuts.length ? el('h3', { text: 'Opted out of the automatic calculation for this worker' }) : null,
      optOuts.length ? table(['Employer', 'Year'], optOuts) : null]);
  }

  function showWorkers(prefix) {
    var entries = workerEntries(prefix);
    if (entries.length === 1) { showWorker(entries[0][0]); return; }
    if (!entries.length) { show('notfound', [el('p', { text: 'No worker whose NISS starts with ' + prefix + ' in this archive.' })]); return; }
    var shown = entries.slice(0, 100);
    var items = el('ul');
    shown.forEach(function (e) { items.appendChild(el('li', null, workerLink(e[0]))); });
    show('workers:' + prefix, [
      el('h3', { text: fmt(entries.length) + ' workers whose NISS starts with ' + prefix + (entries.length > shown.length ? ' (the first 100)' : '') }),
      items]);
  }

  function showTitles(query, page) {
    var q = query.toLowerCase();
    var all = index('titles');
    var matched = new Set();
    var perChunk = new Map();
    var total = 0;
    all.titles.forEach(function (t, id) {
      if (String(t).toLowerCase().indexOf(q) < 0) return;
      matched.add(id);
      var list = all.chunks[id];
      for (var k = 0; k < list.length; k += 2) { perChunk.set(list[k], (perChunk.get(list[k]) || 0) + list[k + 1]); total += list[k + 1]; }
    });
    if (!total) { show('notfound', [el('p', { text: 'No training whose name holds "' + query + '".' })]); return; }
    var per = 50;
    var pages = Math.ceil(total / per);
    page = Math.min(Math.max(0, page), pages - 1);
    var skip = page * per;
    var rows = [];
    var chunkIds = Array.from(perChunk.keys()).sort(function (a, b) { return a - b; });
    for (var i = 0; i < chunkIds.length && rows.length < per; i++) {
      var n = perChunk.get(chunkIds[i]);
      if (skip >= n) { skip -= n; continue; }
      var c = chunk(chunkIds[i]);
      for (var j = 0; j < c.t.length && rows.length < per; j++) {
        if (!matched.has(c.t[j][2])) continue;
        if (skip > 0) { skip--; continue; }
        rows.push(trainingRow(c, c.t[j]));
      }
    }
    show('titles:' + page, [
      el('h3', { text: fmt(total) + ' trainings whose name holds "' + query + '" (' + fmt(matched.size) + ' different names)' }),
      pages > 1 ? pager(page, pages, function (p) { showTitles(query, p); }) : null,
      table(TRAINING_HEAD, rows, TRAINING_NUM, 'trainings'),
      pages > 1 ? pager(page, pages, function (p) { showTitles(query, p); }) : null]);
  }

  function search(raw) {
    var query = String(raw).trim();
    if (!query) { showEmployers(0); return; }
    var digits = query.replace(/^BE\s*/i, '').replace(/[\s.\-\/]/g, '');
    if (/^\d+$/.test(digits)) {
      if (digits.length === 10 || digits.length === 9) {
        var en = digits.length === 9 ? '0' + digits : digits;
        var i = findEmployer(en);
        if (i >= 0) { showEmployer(i, 0); return; }
        if (digits.length === 10) { show('notfound', [el('p', { text: 'No employer with enterprise number ' + enr(en) + ' in this archive.' })]); return; }
      }
      if (digits.length === 11) showWorker(digits);
      else showWorkers(digits);
      return;
    }
    showTitles(query, 0);
  }

  doc.getElementById('search').addEventListener('submit', function (event) { event.preventDefault(); var q = doc.getElementById('q').value; whenRead(function () { search(q); })(); });
  doc.getElementById('all').addEventListener('click', whenRead(function () { doc.getElementById('q').value = ''; showEmployers(0); }));
  showEmployers(0);
  /* When the first page of rows was shown (for whoever measures the page: the Performance API). */
  if (performance.mark) performance.mark('first-page-of-rows');
})();
`;
