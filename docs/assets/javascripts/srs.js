/* Spaced repetition shared by every page: the SM-2 schedule, progress kept in this browser
   (localStorage), and moving that progress between devices as a JSON file.

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

  function read(key, check, empty) {
    try {
      var data = JSON.parse(localStorage.getItem(key));
      if (data && check(data) === "") return data;
    } catch (e) { /* unreadable: start afresh */ }
    return empty();
  }
  function write(key, data) {
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* private mode, or full */ }
  }
  function loadReview() {
    return read(REVIEW_KEY, checkReview, function () { return { v: 1, cards: {}, newToday: { date: "", count: 0 } }; });
  }
  function loadQuiz() {
    return read(QUIZ_KEY, checkQuiz, function () { return { v: 1, items: {} }; });
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
      out.lapses = c.lapses + (c.reps > 0 ? 1 : 0);
    } else {
      out.interval = c.reps === 0 ? 1 : c.reps === 1 ? 6 : Math.round(c.interval * c.ef);
      out.reps = c.reps + 1;
      out.ef = Math.max(1.3, Math.round((c.ef + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)) * 1000) / 1000);
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
    write(REVIEW_KEY, data);
    return data.cards[id];
  }

  // A quiz answer, on a question page or in a mock interview: kept for the Practice page's scores,
  // and fed to the schedule. A wrong answer makes the item's card due today; a right one counts as
  // Good if the card was new or due, and changes nothing if it was not due yet (answering early is
  // not a review).
  function answerQuiz(itemId, ok) {
    var data = loadQuiz(), old = data.items[itemId] || { n: 0 };
    data.items[itemId] = { ok: ok, n: old.n + 1, t: Date.now() };
    write(QUIZ_KEY, data);
    var id = "quiz:" + itemId, card = loadReview().cards[id];
    if (!ok) return grade(id, "again");
    if (!card || card.due <= today()) return grade(id, "good");
    return card;
  }

  // --- Export and import -------------------------------------------------------------------

  function exportData() {
    return { format: FORMAT, version: 1, exported: new Date().toISOString(), quiz: loadQuiz(), review: loadReview() };
  }

  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
  function isCount(x) { return typeof x === "number" && x >= 0 && Math.floor(x) === x; }

  // Each check returns "" when the data is valid, or what is wrong with it.
  function checkQuiz(q) {
    if (!isObject(q) || q.v !== 1 || !isObject(q.items)) return "\u201cquiz\u201d must be { v: 1, items: { \u2026 } }";
    for (var id in q.items) {
      var r = q.items[id];
      if (!isObject(r) || typeof r.ok !== "boolean" || !isCount(r.n) || r.n < 1 || typeof r.t !== "number") {
        return "quiz answer \u201c" + id + "\u201d needs ok (true/false), n (a count) and t (a time)";
      }
    }
    return "";
  }
  function checkReview(r) {
    if (!isObject(r) || r.v !== 1 || !isObject(r.cards)) return "\u201creview\u201d must be { v: 1, cards: { \u2026 } }";
    if (!isObject(r.newToday) || typeof r.newToday.date !== "string" || !isCount(r.newToday.count)) {
      return "\u201creview.newToday\u201d must be { date, count }";
    }
    for (var id in r.cards) {
      var c = r.cards[id];
      if (!isObject(c) || typeof c.ef !== "number" || c.ef < 1.3 || !isCount(c.reps) || !isCount(c.interval) ||
          !isCount(c.lapses) || typeof c.due !== "string" || !DATE.test(c.due) || !(c.grade in GRADES) ||
          typeof c.last !== "number") {
        return "card \u201c" + id + "\u201d has an invalid schedule (ef \u2265 1.3, reps, interval, lapses, due YYYY-MM-DD, grade, last)";
      }
    }
    return "";
  }
  function checkExport(data) {
    if (!isObject(data) || data.format !== FORMAT) return "this is not a progress file from this site";
    if (data.version !== 1) return "version " + JSON.stringify(data.version) + " is not supported (expected 1)";
    return checkQuiz(data.quiz) || checkReview(data.review);
  }

  // Replaces this browser's progress with the file's, or changes nothing and throws.
  function importText(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { throw new Error("The file is not valid JSON (" + e.message + ")."); }
    var problem = checkExport(data);
    if (problem) throw new Error("The file was not imported: " + problem + ".");
    write(QUIZ_KEY, data.quiz);
    write(REVIEW_KEY, data.review);
    return data;
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
    loadReview: loadReview, loadQuiz: loadQuiz, exportData: exportData, importText: importText, clearAll: clearAll
  };
})();
