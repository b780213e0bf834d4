// The Breaker dashboard: polls the circuitbreakers endpoint every second and draws one card per breaker.
// Every value from the server is written with textContent (breaker names and reasons are not markup).
(function () {
  'use strict';

  var POLL_MS = 1000;
  var TREND_POINTS = 60;
  var SVG = 'http://www.w3.org/2000/svg';
  var settings = null;
  var cards = {};   // name -> { root, parts, history: [{f, s}], retryDeadline }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function percent(value) {
    return (value === null || value === undefined) ? '\u2013' : value.toFixed(1) + '%';
  }

  function setStatus(text, error) {
    var status = document.getElementById('status');
    status.textContent = text;
    status.className = error ? 'status error' : 'status';
  }

  function rateBlock(kind, label) {
    var block = el('div', 'rate ' + kind);
    block.appendChild(el('div', 'label', label));
    var value = el('div', 'value');
    block.appendChild(value);
    var bar = el('div', 'bar');
    var fill = el('div', 'fill');
    var mark = el('div', 'mark');
    bar.appendChild(fill);
    bar.appendChild(mark);
    block.appendChild(bar);
    return { block: block, label: block.firstChild, value: value, fill: fill, mark: mark };
  }

  function write(name, state) {
    var url = settings.endpoint + '/' + encodeURIComponent(name);
    return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ state: state }) })
      .then(function (response) {
        if (!response.ok) { setStatus('write refused: HTTP ' + response.status, true); }
        return poll();
      });
  }

  function createCard(name) {
    var root = el('section', 'breaker');
    root.setAttribute('data-breaker', name);
    var top = el('div', 'top');
    top.appendChild(el('h2', null, name));
    var state = el('span', 'state');
    top.appendChild(state);
    root.appendChild(top);
    var meta = el('div', 'meta');
    root.appendChild(meta);
    var rates = el('div', 'rates');
    var failure = rateBlock('failure', 'failure rate');
    var slow = rateBlock('slow', 'slow-call rate');
    rates.appendChild(failure.block);
    rates.appendChild(slow.block);
    root.appendChild(rates);
    var retry = el('div', 'retry');
    retry.hidden = true;
    root.appendChild(retry);
    var trend = el('div', 'trend');
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + (TREND_POINTS - 1) + ' 100');
    svg.setAttribute('preserveAspectRatio', 'none');
    var failureLine = document.createElementNS(SVG, 'polyline');
    failureLine.setAttribute('fill', 'none');
    failureLine.setAttribute('stroke', '#d92d20');
    failureLine.setAttribute('stroke-width', '2');
    failureLine.setAttribute('vector-effect', 'non-scaling-stroke');
    var slowLine = failureLine.cloneNode();
    slowLine.setAttribute('stroke', '#2e6fd8');
    var threshold = document.createElementNS(SVG, 'line');
    threshold.setAttribute('x1', '0');
    threshold.setAttribute('x2', String(TREND_POINTS - 1));
    threshold.setAttribute('stroke', '#d92d20');
    threshold.setAttribute('stroke-dasharray', '3 3');
    threshold.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.appendChild(threshold);
    svg.appendChild(slowLine);
    svg.appendChild(failureLine);
    trend.appendChild(svg);
    var legend = el('div', 'legend');
    legend.appendChild(el('span', 'f', '\u2014 failure '));
    legend.appendChild(el('span', 's', '\u2014 slow calls '));
    legend.appendChild(el('span', null, '(last ' + TREND_POINTS + ' s, dashed: failure threshold)'));
    trend.appendChild(legend);
    root.appendChild(trend);
    var layers = el('div', 'section layers');
    layers.hidden = true;
    root.appendChild(layers);
    var fleet = el('div', 'section fleet');
    fleet.hidden = true;
    root.appendChild(fleet);
    var history = el('div', 'section');
    history.appendChild(el('h3', null, 'Transitions'));
    var transitions = el('ol', 'transitions');
    history.appendChild(transitions);
    root.appendChild(history);
    if (settings.writable) {
      var actions = el('div', 'actions');
      [['Force open', 'FORCED_OPEN', 'force-open'], ['Close', 'CLOSED', 'close'], ['Disable', 'DISABLED', 'disable']]
        .forEach(function (action) {
          var button = el('button', action[2], action[0]);
          button.type = 'button';
          button.setAttribute('data-state', action[1]);
          button.addEventListener('click', function () { write(name, action[1]); });
          actions.appendChild(button);
        });
      root.appendChild(actions);
    }
    document.getElementById('breakers').appendChild(root);
    return { root: root, history: [], retryDeadline: null, parts: { state: state, meta: meta, failure: failure,
      slow: slow, retry: retry, failureLine: failureLine, slowLine: slowLine, threshold: threshold,
      layers: layers, fleet: fleet, transitions: transitions } };
  }

  function drawRate(part, value, threshold) {
    part.value.textContent = percent(value);
    part.label.textContent = part.label.textContent.split(' (')[0] + ' (threshold ' + threshold + '%)';
    part.value.classList.toggle('over', value !== null && value !== undefined && value >= threshold);
    part.fill.style.width = Math.min(100, value || 0) + '%';
    part.mark.style.left = 'calc(' + Math.min(100, threshold) + '% - 1px)';
  }

  function points(history, key) {
    var offset = TREND_POINTS - history.length;
    return history.map(function (sample, i) {
      return (offset + i) + ',' + (100 - Math.min(100, sample[key] || 0)).toFixed(1);
    }).join(' ');
  }

  function describe(value) {
    return Object.keys(value).filter(function (key) { return value[key] !== null; })
      .map(function (key) { return key + ' ' + value[key]; }).join(', ');
  }

  function section(node, title, lines) {
    node.textContent = '';
    node.hidden = lines.length === 0;
    if (lines.length === 0) { return; }
    node.appendChild(el('h3', null, title));
    lines.forEach(function (line) {
      var div = el('div', line.bad ? 'sync-bad' : null, line.text);
      node.appendChild(div);
    });
  }

  function update(card, b) {
    var p = card.parts;
    card.root.className = 'breaker ' + b.state;
    card.root.setAttribute('data-state', b.state);
    p.state.textContent = b.state;
    var meta = b.bufferedCalls + ' calls, ' + b.failedCalls + ' failed, ' + b.slowCalls + ' slow, '
      + b.notPermittedCalls + ' not permitted';
    if (b.mode && b.mode !== 'ENFORCE') { meta += ' \u00b7 mode ' + b.mode + ' (would be ' + b.wouldBeState + ')'; }
    if (b.profile) { meta += ' \u00b7 profile ' + b.profile; }
    p.meta.textContent = meta;
    drawRate(p.failure, b.failureRate, b.config.failureRateThreshold);
    drawRate(p.slow, b.slowCallRate, b.config.slowCallRateThreshold);
    card.history.push({ f: b.failureRate, s: b.slowCallRate });
    if (card.history.length > TREND_POINTS) { card.history.shift(); }
    p.failureLine.setAttribute('points', points(card.history, 'f'));
    p.slowLine.setAttribute('points', points(card.history, 's'));
    var y = String(100 - Math.min(100, b.config.failureRateThreshold));
    p.threshold.setAttribute('y1', y);
    p.threshold.setAttribute('y2', y);
    card.retryDeadline = (b.retryAfterSeconds !== null && b.retryAfterSeconds !== undefined)
      ? Date.now() + b.retryAfterSeconds * 1000 : null;
    tick(card);
    var layers = [];
    if (b.layers) {
      ['timeout', 'bulkhead', 'retry'].forEach(function (kind) {
        if (b.layers[kind]) { layers.push({ text: kind + ': ' + describe(b.layers[kind]) }); }
      });
    }
    section(p.layers, 'Layers', layers);
    var fleet = [];
    if (b.shared) {
      var sync = b.sync;
      fleet.push(sync ? { text: 'sync ' + sync.status + ', version ' + sync.version
          + (sync.lastSyncAt ? ', last ' + sync.lastSyncAt : '') + (sync.errors ? ', ' + sync.errors + ' errors' : '')
          + (sync.lastError ? ' (' + sync.lastError + ')' : ''), bad: sync.status !== 'SYNCED' }
        : { text: 'shared, no sync status yet' });
    }
    if (b.fleet) {
      fleet.push({ text: 'fleet window: failure ' + percent(b.fleet.failureRate) + ', slow ' + percent(b.fleet.slowCallRate)
          + ', ' + b.fleet.calls + ' calls from ' + b.fleet.instances + ' instances' + (b.fleet.stale ? ' (stale)' : ''),
        bad: b.fleet.stale });
    }
    section(p.fleet, 'Fleet', fleet);
    p.transitions.textContent = '';
    (b.transitions || []).slice().reverse().slice(0, 20).forEach(function (t) {
      var li = el('li');
      var at = el('time', null, t.at.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ''));
      at.setAttribute('datetime', t.at);
      li.appendChild(at);
      li.appendChild(el('strong', null, t.from + ' \u2192 ' + t.to));
      li.appendChild(document.createTextNode(' ' + (t.reason || '')));
      p.transitions.appendChild(li);
    });
    if (!b.transitions || b.transitions.length === 0) { p.transitions.appendChild(el('li', null, 'none yet')); }
  }

  function tick(card) {
    var retry = card.parts.retry;
    if (card.retryDeadline === null) { retry.hidden = true; return; }
    var left = Math.max(0, (card.retryDeadline - Date.now()) / 1000);
    retry.hidden = false;
    retry.textContent = 'retry in ' + left.toFixed(1) + ' s';
  }

  function poll() {
    return fetch(settings.endpoint, { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status + ' from ' + settings.endpoint); }
        return response.json();
      })
      .then(function (list) {
        var names = Object.keys(list.circuitBreakers || {}).sort();
        return Promise.all(names.map(function (name) {
          return fetch(settings.endpoint + '/' + encodeURIComponent(name),
            { headers: { Accept: 'application/json' }, cache: 'no-store' })
            .then(function (response) { return response.ok ? response.json() : null; });
        })).then(function (details) { return { names: names, details: details }; });
      })
      .then(function (result) {
        var seen = {};
        result.names.forEach(function (name, i) {
          if (!result.details[i]) { return; }
          seen[name] = true;
          var card = cards[name] || (cards[name] = createCard(name));
          update(card, result.details[i]);
        });
        Object.keys(cards).forEach(function (name) {
          if (!seen[name]) { cards[name].root.remove(); delete cards[name]; }
        });
        document.getElementById('empty').hidden = result.names.length > 0;
        setStatus('updated ' + new Date().toLocaleTimeString(), false);
      })
      .catch(function (error) { setStatus('cannot read the endpoint: ' + error.message, true); });
  }

  function loop() {
    poll().then(function () { setTimeout(loop, POLL_MS); });
  }

  fetch('settings.json', { cache: 'no-store' })
    .then(function (response) { return response.json(); })
    .then(function (loaded) {
      settings = loaded;
      if (!settings.endpoint) {
        setStatus('the circuitbreakers endpoint is not exposed over HTTP '
          + '(management.endpoints.web.exposure.include)', true);
        return;
      }
      document.getElementById('mode').textContent = settings.writable ? 'writes allowed' : 'read-only';
      setInterval(function () { Object.keys(cards).forEach(function (name) { tick(cards[name]); }); }, 200);
      loop();
    })
    .catch(function (error) { setStatus('cannot load settings.json: ' + error.message, true); });
}());
