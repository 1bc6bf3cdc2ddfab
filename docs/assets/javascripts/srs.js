/* Spaced repetition shared by every page: progress kept in this browser (localStorage), and
   grading through the FSRS schedule of fsrs.js, which pages that grade load with the vendored
   ts-fsrs. review.js adds moving progress between devices as a JSON file. */
(function () {
  "use strict";
  var REVIEW_KEY = "kb-review-v1";   // { v: 2, cards: { id: Card }, newToday: { date, count } }
  var QUIZ_KEY = "kb-progress-v1";   // { v: 1, items: { id: { ok, n, t } } }: quiz answers
  var FORMAT = "dl-interview-kb-progress";
  var GRADES = { again: 1, hard: 2, good: 3, easy: 4 };
  var HERE = document.currentScript.src;
  var LIBRARY = new URL("../vendor/ts-fsrs/ts-fsrs.umd.js", HERE).href, SCHEDULE = new URL("fsrs.js", HERE).href;

  // Calendar days in local time, as "YYYY-MM-DD": "due today" means the reader's today.
  function today(now) {
    var d = new Date(now === undefined ? Date.now() : now);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function addDays(date, days) {
    var p = date.split("-");
    return today(new Date(+p[0], +p[1] - 1, +p[2] + days, 12).getTime());
  }
  function dayStart(date) {  // the first millisecond of a calendar day, local time
    var p = date.split("-");
    return new Date(+p[0], +p[1] - 1, +p[2]).getTime();
  }

  // --- Storage: the reader's progress is repaired, never thrown away --------------------------

  var MAX_EF = 10, MAX_INTERVAL = 36500, MAX_COUNT = 1e6;  // 36500 days: a hundred years
  var NOTICE_KEY = "kb-notices-v1";  // notices the reader has seen
  var blocked = {};  // key -> why not to write it (damaged data that could not be backed up)
  var lastError = null;

  function emptyReview() { return { v: 2, cards: Object.create(null), newToday: { date: "", count: 0 } }; }
  function emptyQuiz() { return { v: 1, items: Object.create(null) }; }

  // Stored progress, repaired entry by entry; the text as found is backed up, the reader told once.
  function read(key, repair, empty) {
    var raw;
    try { raw = localStorage.getItem(key); } catch (e) { return empty(); }
    if (raw === null) return empty();
    var data = null, result = null;
    try { data = JSON.parse(raw); } catch (e) { /* unreadable: backed up below */ }
    if (data !== null) result = repair(data);
    if (result && !result.problems.length) return result.value;
    var what = result ? result.problems.length + " invalid " + (result.problems.length === 1 ? "entry" : "entries") +
      " (" + result.problems.slice(0, 3).join("; ") + (result.problems.length > 3 ? "; \u2026" : "") + ")"
      : "data that could not be read";
    var backup = backUp(key, raw);
    if (backup) {
      delete blocked[key];
      tellOnce(backup, "Saved study progress was damaged: " + what + ". The rest is kept; the data as it was is " +
        "in local storage as \u201c" + backup + "\u201d.");
    } else {
      blocked[key] = "damaged progress could not be backed up before being repaired";
      tellOnce(key + ":unsaved", "Saved study progress is damaged (" + what + ") and there is no room to back it " +
        "up, so new progress is not saved. Export your progress, then free space.");
    }
    return result ? result.value : empty();
  }

  // Copies raw text to "<key>.backup-YYYY-MM-DD" (plus a time if that is taken).
  function backUp(key, raw) {
    var name = key + ".backup-" + today();
    try {
      var there = localStorage.getItem(name);
      if (there === raw) return name;
      if (there !== null) name += "-" + Date.now();
      localStorage.setItem(name, raw);
      return name;
    } catch (e) { return null; }
  }

  // False (and lastError set) when the browser refused, e.g. when it is full.
  function write(key, data) {
    if (blocked[key]) { lastError = new Error(blocked[key]); return false; }
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { lastError = e; return false; }
    lastError = null;
    return true;
  }
  function reportWrite(ok) {
    if (!ok) {
      var full = lastError && (lastError.name === "QuotaExceededError" || lastError.code === 22);
      notify("Your progress could not be saved in this browser: " + (full ? "its storage for this site is full."
        : (lastError ? lastError.message : "storage is unavailable") + ".") + " Export your progress to keep it.");
    }
    return ok;
  }

  function loadReview() { return read(REVIEW_KEY, repairReview, emptyReview); }
  function loadQuiz() { return read(QUIZ_KEY, repairQuiz, emptyQuiz); }

  // --- Notices -------------------------------------------------------------------------------

  function tellOnce(id, text) {
    var told = [];
    try { told = JSON.parse(localStorage.getItem(NOTICE_KEY)) || []; } catch (e) { told = []; }
    if (!Array.isArray(told)) told = [];
    if (told.indexOf(id) >= 0) return;
    told.push(id);
    try { localStorage.setItem(NOTICE_KEY, JSON.stringify(told.slice(-50))); } catch (e) { /* shown anyway */ }
    notify(text);
  }
  // A notice, until dismissed (scripts load at the end of <body>).
  function notify(text) {
    var box = document.querySelector(".kb-notice");
    if (!box) {
      box = document.body.appendChild(document.createElement("div"));
      box.className = "kb-notice";
      box.setAttribute("role", "alert");
      var close = box.appendChild(document.createElement("button"));
      close.className = "md-button";
      close.textContent = "Dismiss";
      close.onclick = function () { box.remove(); };
    }
    box.insertBefore(document.createElement("p"), box.lastChild).textContent = text;
  }
  // ts-fsrs and fsrs.js, loaded by pages that grade cards as they open (boot), or on first need.
  var library = null;
  function ready() {
    library = library || loadScript(LIBRARY).then(function () { return loadScript(SCHEDULE); })
      .catch(function (error) { library = null; throw error; });
    return library;
  }

  // Stored cards (keys: see fsrs.js) in one key order, so that re-stored text compares equal.
  var KEYS = ["due", "at", "s", "d", "state", "step", "reps", "lapses", "interval", "grade", "last"];
  function makeCard(c) {
    var card = {};
    KEYS.forEach(function (k) { card[k] = c[k]; });
    return card;
  }

  // Grades a card: a promise of its new schedule.
  function grade(id, which, isNew) {
    return ready().then(function () {
      var data = loadReview(), day = today();
      if (isNew && !data.cards[id]) {
        if (data.newToday.date !== day) data.newToday = { date: day, count: 0 };
        data.newToday.count += 1;
      }
      data.cards[id] = window.kbFsrs.next(data.cards[id], which);
      reportWrite(write(REVIEW_KEY, data));
      return data.cards[id];
    }, function (error) {
      notify("Your grade was not saved: " + error.message + ".");
      throw error;
    });
  }

  // A quiz answer, kept for the Practice page and fed to the schedule (a promise of the card): wrong
  // rates the item's card Again; right, Good if it was new or due (answering early is not a review).
  function answerQuiz(itemId, ok) {
    var data = loadQuiz(), old = data.items[itemId] || { n: 0 };
    data.items[itemId] = { ok: ok, n: Math.min(MAX_COUNT, old.n + 1), t: Date.now() };
    reportWrite(write(QUIZ_KEY, data));
    var id = "quiz:" + itemId, card = loadReview().cards[id];
    if (!ok) return grade(id, "again");
    if (!card || card.due <= today()) return grade(id, "good");
    return Promise.resolve(card);
  }

  var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  var own = Object.prototype.hasOwnProperty;
  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
  function isFiniteNumber(x) { return typeof x === "number" && isFinite(x); }
  function isCount(x) { return isFiniteNumber(x) && x >= 0 && Math.floor(x) === x; }
  // A real calendar day ("2025-02-30" is not one) between 1970 and 9999.
  function isDate(x) {
    var m = typeof x === "string" && DATE.exec(x);
    if (!m || +m[1] < 1970) return false;
    var d = new Date(+m[1], +m[2] - 1, +m[3], 12);
    return d.getFullYear() === +m[1] && d.getMonth() === +m[2] - 1 && d.getDate() === +m[3];
  }
  function clamp(x, low, high) { return Math.min(high, Math.max(low, x)); }
  function quote(id) { return "\u201c" + String(id).slice(0, 60) + "\u201d"; }

  // Each repair returns { value, problems }: the valid entries (numbers clamped into bounds, a bad
  // date made today; unreadable entries dropped) and what was wrong. An import refuses any problem.
  function repairQuiz(q) {
    var value = emptyQuiz(), problems = [];
    if (!isObject(q) || q.v !== 1 || !isObject(q.items)) {
      return { value: value, problems: ["\u201cquiz\u201d must be { v: 1, items: { \u2026 } }"] };
    }
    Object.keys(q.items).forEach(function (id) {
      var r = q.items[id];
      if (!isObject(r) || typeof r.ok !== "boolean" || !isFiniteNumber(r.n) || !isFiniteNumber(r.t) || r.t < 0) {
        return problems.push("quiz answer " + quote(id) + " needs ok (true/false), n (a count) and t (a time)");
      }
      var n = clamp(Math.round(r.n), 1, MAX_COUNT);
      if (n !== r.n) problems.push("quiz answer " + quote(id) + " has n out of bounds");
      value.items[id] = { ok: r.ok, n: n, t: r.t };
    });
    return { value: value, problems: problems };
  }
  // Progress saved before FSRS ({ v: 1 }, SM-2 cards) is read too.
  function repairReview(r) {
    var value = emptyReview(), problems = [];
    if (!isObject(r) || (r.v !== 1 && r.v !== 2) || !isObject(r.cards)) {
      return { value: value, problems: ["\u201creview\u201d must be { v: 2, cards: { \u2026 } } (or v: 1, from before FSRS)"] };
    }
    if (isObject(r.newToday) && (r.newToday.date === "" || isDate(r.newToday.date)) && isCount(r.newToday.count)) {
      value.newToday = { date: r.newToday.date, count: Math.min(MAX_COUNT, r.newToday.count) };
    } else {
      problems.push("\u201creview.newToday\u201d must be { date, count }");
    }
    Object.keys(r.cards).forEach(function (id) {
      var c = repairCard(id, r.cards[id], r.v === 1 ? SM2 : FIELDS, problems);
      if (c && r.v === 1) c = fromSm2(c);
      if (c) value.cards[id] = makeCard(c);
    });
    return { value: value, problems: problems };
  }
  // A card's numbers [name, low, high, whole] are clamped (a bad due day made today), each change a
  // problem; a card without them, or a grade, is dropped (null).
  var FIELDS = [["at", 0, 1e15], ["s", 0.001, MAX_INTERVAL], ["d", 1, 10], ["state", 0, 3, 1],
    ["step", 0, MAX_COUNT, 1], ["reps", 0, MAX_COUNT, 1], ["lapses", 0, MAX_COUNT, 1], ["interval", 0, MAX_INTERVAL, 1]];
  var SM2 = [["ef", 1.3, MAX_EF], ["reps", 0, MAX_COUNT, 1], ["interval", 0, MAX_INTERVAL, 1], ["lapses", 0, MAX_COUNT, 1]];
  function repairCard(id, c, fields, problems) {
    var what = "card " + quote(id) + " has an invalid schedule";
    if (!isObject(c) || !fields.concat([["last"]]).every(function (f) { return isFiniteNumber(c[f[0]]); }) ||
        typeof c.grade !== "string" || !own.call(GRADES, c.grade)) {
      problems.push(what + " (" + fields.map(function (f) { return f[0]; }).join(", ") + ", last: finite numbers; grade)");
      return null;
    }
    var card = { due: isDate(c.due) ? c.due : today(), grade: c.grade, last: c.last };
    if (card.due !== c.due) problems.push(what + ": due " + JSON.stringify(c.due) + " is not a date (YYYY-MM-DD)");
    fields.forEach(function (f) {
      card[f[0]] = clamp(f[3] ? Math.round(c[f[0]]) : c[f[0]], f[1], f[2]);
      if (card[f[0]] !== c[f[0]]) problems.push(what + ": " + f[0] + " " + JSON.stringify(c[f[0]]) + " is out of bounds");
    });
    return card;
  }
  // An SM-2 card (saved before FSRS) keeps its due day; fsrs.js explains the conversion.
  function fromSm2(c) {
    var learned = c.reps > 0;
    return { due: c.due, at: dayStart(c.due), s: learned ? Math.max(1, c.interval) : 1,
      d: Math.round(clamp(3 + (2.5 - c.ef) * 7 / 1.2, 1, 10) * 1000) / 1000, state: learned ? 2 : c.lapses ? 3 : 1,
      step: 0, reps: c.reps, lapses: c.lapses, interval: c.interval, grade: c.grade, last: c.last };
  }
  function clearAll() {
    localStorage.removeItem(QUIZ_KEY);
    localStorage.removeItem(REVIEW_KEY);
  }

  // Data scripts the study pages need (assets/study/*.js, assets/quiz/items.js). A script tag
  // rather than fetch(): it also loads when the site is opened from a folder on disk.
  var scripts = {};
  function loadScript(url) {
    var href = new URL(url, location.href).href;
    if (!scripts[href]) {
      scripts[href] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = href;
        tag.onload = function () { resolve(window.kbStudy); };
        tag.onerror = function () { delete scripts[href]; reject(new Error("Could not load " + url)); };
        document.head.appendChild(tag);
      });
    }
    return scripts[href];
  }

  // The Review page, the dashboard and progress transfer need review.js; other pages do not load it.
  function boot() {
    if (document.querySelector(".kb-review, .kb-dashboard, .kb-transfer")) loadScript(new URL("review.js", HERE).href);
    if (document.querySelector(".kb-review, form.quiz, .kb-mock")) ready().catch(function () { /* told on grading */ });
  }
  if (window.document$) window.document$.subscribe(boot);
  else document.addEventListener("DOMContentLoaded", boot);

  window.kbSrs = {
    today: today, addDays: addDays, dayStart: dayStart, grade: grade, answerQuiz: answerQuiz, loadScript: loadScript,
    ready: ready,
    loadReview: loadReview, loadQuiz: loadQuiz, clearAll: clearAll,
    lastError: function () { return lastError; },
    // For review.js, which adds exportData and importText (progress transfer) on the pages that have it.
    store: { QUIZ_KEY: QUIZ_KEY, REVIEW_KEY: REVIEW_KEY, FORMAT: FORMAT, write: write, reportWrite: reportWrite, repairQuiz: repairQuiz,
      repairReview: repairReview, isObject: isObject, makeCard: makeCard, GRADES: GRADES, MAX: MAX_INTERVAL,
      MAX_COUNT: MAX_COUNT, unblock: function (key) { delete blocked[key]; } }
  };
})();
