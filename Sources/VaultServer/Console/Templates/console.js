// callvault console: the transcript follows the player (the cue being heard is marked), and a
// cue clicked seeks the player to it. Nothing else runs; the pages work without it.
(function () {
  "use strict";
  var audio = document.getElementById("audio");
  var cues = Array.prototype.slice.call(document.querySelectorAll("#transcript [data-start]"));
  if (!audio || cues.length === 0) { return; }
  var current = null;
  audio.addEventListener("timeupdate", function () {
    var t = audio.currentTime, found = null;
    for (var i = 0; i < cues.length; i++) {
      var start = parseFloat(cues[i].dataset.start), end = parseFloat(cues[i].dataset.end);
      if (t >= start && t < end) { found = cues[i]; break; }
    }
    if (found === current) { return; }
    if (current) { current.classList.remove("playing"); current.removeAttribute("aria-current"); }
    current = found;
    if (current) { current.classList.add("playing"); current.setAttribute("aria-current", "true"); }
  });
  cues.forEach(function (cue) {
    cue.addEventListener("click", function () {
      audio.currentTime = parseFloat(cue.dataset.start);
      audio.play();
    });
  });
})();
