/* Spaced repetition shared by every page: the SM-2 schedule and progress kept in this browser
   (localStorage). review.js adds moving that progress between devices as a JSON file.

   SM-2 is P. A. Wozniak's algorithm (1990, https://super-memory.com/english/ol/sm2.htm).
   Grades map to its 0-5 quality scale: Again 1, Hard 3, Good 4, Easy 5. SM-2 repeats every card
   graded below 4 later the same day; here only Again does (the card is due today), while Hard
   just lowers the ease and schedules the card as usual. */
(function () {
  "use strict";
  var REVIEW_KEY = "kb-review-v1";   // { v: 1, cards: { id: Schedule }, newToday: { date, count } }
  var QUIZ_KEY = "kb-progress-v1";   // { v: 1, items: { id: { ok, n, t } } }: quiz answers
  var FORMAT = "dl-interview-kb-progress";
  var GRADES = { again: 1, hard: 3, good: 4, easy: 5 };
  var HERE = document.currentScript.src;

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

  // --- Storage: the reader's progress is repaired, never thrown away --------------------------

  var MAX_EF = 10, MAX_INTERVAL = 36500, MAX_COUNT = 1e6;  // 36500 days: a hundred years
  var NOTICE_KEY = "kb-notices-v1";  // notices the reader has seen
  var blocked = {};  // key -> why not to write it (damaged data that could not be backed up)
  var lastError = null;

  function emptyReview() { return { v: 1, cards: Object.create(null), newToday: { date: "", count: 0 } }; }
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
  // The schedule after grading a card: pure, so the page can preview each grade's interval.
  function next(card, grade, now) {
    var q = GRADES[grade], day = today(now);
    var c = card || { ef: 2.5, reps: 0, interval: 0, due: day, lapses: 0 };
    var out = { ef: c.ef, reps: c.reps, interval: c.interval, due: c.due, lapses: c.lapses,
      grade: grade, last: now === undefined ? Date.now() : now };
    if (q < 3) {
      out.reps = 0;
      out.interval = 0;
      out.lapses = Math.min(MAX_COUNT, c.lapses + (c.reps > 0 ? 1 : 0));
    } else {
      out.interval = Math.min(MAX_INTERVAL, c.reps === 0 ? 1 : c.reps === 1 ? 6 : Math.round(c.interval * c.ef));
      out.reps = Math.min(MAX_COUNT, c.reps + 1);
      out.ef = Math.min(MAX_EF, Math.max(1.3, Math.round((c.ef + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)) * 1000) / 1000));
    }
    out.due = addDays(day, out.interval);
    return out;
  }

  function grade(id, which, isNew) {
    var data = loadReview(), day = today();
    if (isNew && !data.cards[id]) {
      if (data.newToday.date !== day) data.newToday = { date: day, count: 0 };
      data.newToday.count += 1;
    }
    data.cards[id] = next(data.cards[id], which);
    reportWrite(write(REVIEW_KEY, data));
    return data.cards[id];
  }

  // A quiz answer, on a question page or in a mock interview: kept for the Practice page's scores,
  // and fed to the schedule. A wrong answer makes the item's card due today; a right one counts as
  // Good if the card was new or due, and changes nothing if it was not due yet (answering early is
  // not a review).
  function answerQuiz(itemId, ok) {
    var data = loadQuiz(), old = data.items[itemId] || { n: 0 };
    data.items[itemId] = { ok: ok, n: Math.min(MAX_COUNT, old.n + 1), t: Date.now() };
    reportWrite(write(QUIZ_KEY, data));
    var id = "quiz:" + itemId, card = loadReview().cards[id];
    if (!ok) return grade(id, "again");
    if (!card || card.due <= today()) return grade(id, "good");
    return card;
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
  function repairReview(r) {
    var value = emptyReview(), problems = [];
    if (!isObject(r) || r.v !== 1 || !isObject(r.cards)) {
      return { value: value, problems: ["\u201creview\u201d must be { v: 1, cards: { \u2026 } }"] };
    }
    if (isObject(r.newToday) && (r.newToday.date === "" || isDate(r.newToday.date)) && isCount(r.newToday.count)) {
      value.newToday = { date: r.newToday.date, count: Math.min(MAX_COUNT, r.newToday.count) };
    } else {
      problems.push("\u201creview.newToday\u201d must be { date, count }");
    }
    Object.keys(r.cards).forEach(function (id) {
      var c = r.cards[id];
      if (!isObject(c) || !["ef", "reps", "interval", "lapses", "last"].every(function (k) {
        return isFiniteNumber(c[k]); }) || typeof c.grade !== "string" || !own.call(GRADES, c.grade)) {
        return problems.push("card " + quote(id) + " has an invalid schedule (ef, reps, interval, lapses, last: " +
          "finite numbers; grade)");
      }
      var card = {
        ef: clamp(c.ef, 1.3, MAX_EF), reps: clamp(Math.round(c.reps), 0, MAX_COUNT),
        interval: clamp(Math.round(c.interval), 0, MAX_INTERVAL),
        due: isDate(c.due) ? c.due : today(), lapses: clamp(Math.round(c.lapses), 0, MAX_COUNT),
        grade: c.grade, last: c.last
      };
      ["ef", "reps", "interval", "due", "lapses"].forEach(function (k) {
        if (card[k] !== c[k]) {
          problems.push("card " + quote(id) + " has an invalid schedule: " + k + " " + JSON.stringify(c[k]) +
            (k === "due" ? " is not a date (YYYY-MM-DD)" : " is out of bounds"));
        }
      });
      value.cards[id] = card;
    });
    return { value: value, problems: problems };
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
  }
  if (window.document$) window.document$.subscribe(boot);
  else document.addEventListener("DOMContentLoaded", boot);

  window.kbSrs = {
    today: today, addDays: addDays, next: next, grade: grade, answerQuiz: answerQuiz, loadScript: loadScript,
    loadReview: loadReview, loadQuiz: loadQuiz, clearAll: clearAll,
    lastError: function () { return lastError; },
    // For review.js, which adds exportData and importText (progress transfer) on the pages that have it.
    store: { QUIZ_KEY: QUIZ_KEY, REVIEW_KEY: REVIEW_KEY, FORMAT: FORMAT, write: write, repairQuiz: repairQuiz,
      repairReview: repairReview, isObject: isObject, unblock: function (key) { delete blocked[key]; } }
  };
})();
