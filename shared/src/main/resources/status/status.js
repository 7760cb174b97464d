'use strict';
// The status page's client: polls this node's API, which answers for the whole cluster, and redraws the tables.
// Every value the API returns is written with textContent (stream names come from publishers): never as HTML.

const POLL_MILLIS = 2000;
const PAGE_SIZE = 200; // a screen's worth; the counts say when there is more
const SHORT_ID = 8;

// The API token (API_TOKEN) the operator typed, when the API asks for one: in this tab's sessionStorage only (it
// goes when the tab closes; no cookie, so no other site's request to this node carries it).
const TOKEN_KEY = 'rtmp-cluster.api-token';
// Where the token stays when the browser allows no storage: until the page is left.
let unstoredToken = null;

/** The API answered 401: it needs the token, or refused the one sent. */
class Unauthorized extends Error {}

// The counters of the previous answer, to turn byte totals into bitrates: node id -> bytesOut, and
// "key epoch" -> the origin's bytesIn (a new epoch is a new publish, whose counter starts again).
let previous = null;

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch (e) {
    return unstoredToken; // storage disabled
  }
}

async function getJson(path) {
  const token = storedToken();
  const response = await fetch(path, {
    cache: 'no-store',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(POLL_MILLIS * 2),
  });
  if (response.status === 401) {
    throw new Unauthorized(`${path} answered HTTP 401`);
  }
  if (!response.ok) {
    let reason = '';
    try {
      reason = ': ' + (await response.json()).error;
    } catch (e) {
      // not the API's JSON error: the status says enough
    }
    throw new Error(`${path} answered HTTP ${response.status}${reason}`);
  }
  return response.json();
}

async function poll() {
  let again = true;
  try {
    const [nodes, streams] = await Promise.all([
      getJson(`/api/v1/nodes?itemsPerPage=${PAGE_SIZE}`),
      getJson(`/api/v1/streams?itemsPerPage=${PAGE_SIZE}`),
    ]);
    const now = { at: performance.now(), bytesOut: new Map(), bytesIn: new Map() };
    nodes.items.forEach(n => now.bytesOut.set(n.id, n.bytesOut));
    streams.items.forEach(s => now.bytesIn.set(`${s.key} ${s.epoch}`, s.bytesIn));
    render(nodes, streams, now);
    previous = now;
    showError(null);
  } catch (e) {
    if (e instanceof Unauthorized) {
      // No more polls until a token is given: a refused one would be refused every 2 s.
      again = false;
      askForToken(storedToken() != null);
    } else {
      showError(e);
    }
  } finally {
    if (again) {
      setTimeout(poll, POLL_MILLIS);
    }
  }
}

/** Shows the token form (and nothing of the cluster); {@code refused}: the stored token was sent and refused. */
function askForToken(refused) {
  if (refused) {
    unstoredToken = null;
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) {
      // storage disabled: nothing stored
    }
  }
  showError(null);
  document.body.classList.add('locked');
  document.getElementById('login-reason').textContent = refused
    ? 'The API refused that token; enter the node\'s API_TOKEN again.'
    : 'This node\'s API needs its token (API_TOKEN) to list streams and nodes.';
  document.getElementById('login').hidden = false;
  document.getElementById('updated').textContent = 'token needed';
  document.getElementById('token').focus();
}

document.getElementById('login').addEventListener('submit', event => {
  event.preventDefault();
  const input = document.getElementById('token');
  const token = input.value.trim();
  if (token === '') {
    return;
  }
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch (e) {
    unstoredToken = token;
  }
  input.value = '';
  document.getElementById('login').hidden = true;
  document.body.classList.remove('locked');
  poll();
});

/** Bits per second between the previous answer and this one, or null when there is nothing to compare. */
function rate(before, after, seconds) {
  if (before == null || after == null || !(seconds > 0) || after < before) {
    return null; // first sight, unknown figures, or a counter that started again
  }
  return (after - before) * 8 / seconds;
}

function bitrate(bps) {
  if (bps == null) {
    return '–';
  }
  const units = [[1e9, 'Gb/s'], [1e6, 'Mb/s'], [1e3, 'kb/s']];
  for (const [scale, unit] of units) {
    if (bps >= scale) {
      return `${(bps / scale).toFixed(bps >= 10 * scale ? 0 : 1)} ${unit}`;
    }
  }
  return `${Math.round(bps)} b/s`;
}

function shortId(id) {
  return String(id).slice(0, SHORT_ID);
}

function render(nodes, streams, now) {
  const seconds = previous ? (now.at - previous.at) / 1000 : 0;

  fill('nodes', nodes.items, n => {
    const row = [
      idCell(n.id),
      text(n.role),
      text(n.zone),
      text(n.state, `state-${n.state}`),
      n.figures === 'known' ? number(n.players) : text('unknown', 'num unknown'),
      number(bitrate(rate(previous && previous.bytesOut.get(n.id), n.bytesOut, seconds))),
    ];
    return { key: n.id, cells: row };
  }, 'no nodes registered');
  count('node-count', nodes);

  fill('streams', streams.items, s => {
    const edges = s.carriedBy.filter(c => c.nodeId !== s.origin.nodeId);
    const origin = cell();
    origin.append(idSpan(s.origin.nodeId), ' ', muted(s.origin.rtmpAddress));
    const ingest = rate(previous && previous.bytesIn.get(`${s.key} ${s.epoch}`), s.bytesIn, seconds);
    const row = [
      text(s.key),
      origin,
      list(edges.length ? edges.map(c => idSpan(c.nodeId)) : [muted('none')]),
      list(s.carriedBy.map(c => [`${c.role} `, idSpan(c.nodeId), `: ${c.players}`])
        .concat(s.unknownNodes.map(id => [idSpan(id), ': ', unknownText()]))),
      number(bitrate(ingest)),
    ];
    return { key: s.key, cells: row };
  }, 'no live streams');
  count('stream-count', streams);

  document.getElementById('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
}

/** Replaces a table's rows; each cell is labelled with its column's name, which a phone's layout shows. */
function fill(tableId, items, toRow, emptyText) {
  const table = document.getElementById(tableId);
  const labels = Array.from(table.tHead.rows[0].cells, th => th.textContent);
  const rows = items.map(item => {
    const { key, cells } = toRow(item);
    const tr = document.createElement('tr');
    tr.dataset.key = key;
    cells.forEach((td, i) => {
      td.dataset.label = labels[i];
      tr.append(td);
    });
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    tr.className = 'empty';
    const td = text(emptyText);
    td.colSpan = labels.length;
    tr.append(td);
    rows.push(tr);
  }
  table.tBodies[0].replaceChildren(...rows);
}

function count(id, page) {
  const shown = page.items.length;
  document.getElementById(id).textContent =
    page.itemCount > shown ? `(first ${shown} of ${page.itemCount})` : `(${page.itemCount})`;
}

function showError(error) {
  const box = document.getElementById('error');
  document.body.classList.toggle('stale', error != null);
  box.hidden = error == null;
  box.textContent = error == null ? ''
    : `The API does not answer (${error.message}); the figures below are from the last answer, if any.`;
}

function cell(className) {
  const td = document.createElement('td');
  if (className) {
    td.className = className;
  }
  return td;
}

function text(value, className) {
  const td = cell(className);
  td.textContent = value == null ? '–' : String(value);
  return td;
}

function number(value) {
  return text(value, 'num');
}

function idSpan(id) {
  const span = document.createElement('span');
  span.className = 'id';
  span.title = String(id);
  span.textContent = shortId(id);
  return span;
}

function idCell(id) {
  const td = cell();
  td.append(idSpan(id));
  return td;
}

function muted(value) {
  const span = document.createElement('span');
  span.className = 'muted';
  span.textContent = value == null ? '–' : String(value);
  return span;
}

function unknownText() {
  const span = muted('unknown');
  span.className = 'unknown';
  return span;
}

function list(entries) {
  const td = cell();
  const ul = document.createElement('ul');
  for (const entry of entries) {
    const li = document.createElement('li');
    li.append(...[].concat(entry));
    ul.append(li);
  }
  td.append(ul);
  return td;
}

poll();
