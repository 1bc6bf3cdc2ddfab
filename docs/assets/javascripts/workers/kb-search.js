/* Material's search worker, with English stop words taken out of each query before it searches.

   Material appends a wildcard to every word of a query ("how*", "to*"), and lunr skips its
   stop-word filter for wildcard terms. A question such as "how to measure calibration" therefore
   also matched every word that starts with "to" (token, tokenizer, top-k) and ranked the pages
   about tokens first. Here a query loses its stop words (lunr's own English list, the one the
   index was built with) unless it has nothing else. The page loads this file instead of Material's
   worker (hooks/search_index.py), which it then runs unchanged: ?worker= names it. */
(function () {
  "use strict";
  var QUERY = 2;  // Material's message type for a search query; its data is the query text

  function strip(query) {
    var words = query.split(/\s+/).filter(Boolean);
    var kept = words.filter(function (word) { return self.lunr.stopWordFilter(word.toLowerCase()) !== undefined; });
    return kept.length ? kept.join(" ") : query;
  }

  var add = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return add(type, listener, options);
    return add(type, function (event) {
      var message = event.data;
      if (message && message.type === QUERY && typeof message.data === "string" && self.lunr) {
        event = new MessageEvent("message", { data: { type: QUERY, data: strip(message.data) } });
      }
      return listener.call(self, event);
    }, options);
  };

  var name = new URLSearchParams(self.location.search).get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) throw new Error("kb-search.js: ?worker= must name Material's search worker");
  importScripts(name);
})();
