// Amoeba: progressive enhancement only — every page works without it.
(function () {
  'use strict';
  // Ask before destructive actions (data-confirm on the form).
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { e.preventDefault(); return; }
    // Uploads: show that something is happening and prevent double submits.
    if (form.classList && form.classList.contains('upload')) {
      var bar = form.querySelector('progress');
      if (bar) { bar.hidden = false; }
      var buttons = form.querySelectorAll('button[type=submit]');
      for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; }
      form.classList.add('busy');
    }
  });
  // The morning meeting on a TV: one panel at a time, the next every 15 s.
  var tv = document.body && document.body.classList.contains('tv');
  var panels = tv ? document.querySelectorAll('[data-panel]') : [];
  if (panels.length > 1) {
    var shown = 0;
    var show = function () {
      for (var i = 0; i < panels.length; i++) { panels[i].classList.toggle('off', i !== shown); }
    };
    show();
    window.setInterval(function () { shown = (shown + 1) % panels.length; show(); }, 15000);
  }
  // The printable sheet's print button.
  document.addEventListener('click', function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute('data-print')) { window.print(); }
  });
  // Close the phone menu when a link in it is followed.
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('.nav a');
    var toggle = document.getElementById('navtoggle');
    if (a && toggle) { toggle.checked = false; }
  });
})();
