// vanphong — progressive enhancement only: every page works without this file.
//   "/"            focuses the search box (#q) unless the user is typing in a field
//   Ctrl+S / ⌘+S   submits the form marked data-draft (save a draft) instead of saving the page
//   data-confirm   on a button or link asks before acting
//   data-print     on a button opens the browser's print dialog (the registers' "In sổ")
//   on load        an element whose whole text is a document number (08-CV/VPTU, 123/QĐ-UBND)
//                  gets class "docno" (never wrapped); table cells get data-label from their
//                  column's header, shown when rows become cards on a phone
'use strict';

(function () {
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }

  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) {
      var q = document.getElementById('q');
      if (q) {
        e.preventDefault();
        q.focus();
        q.select();
      }
      return;
    }
    if ((e.key === 's' || e.key === 'S') && (e.ctrlKey || e.metaKey) && !e.altKey) {
      var form = document.querySelector('form[data-draft]');
      if (form) {
        e.preventDefault();
        if (typeof form.requestSubmit === 'function') form.requestSubmit();
        else form.submit();
      }
    }
  });

  var DOCNO = /^\s*\d+[-/][A-ZĐ][A-Z0-9Đ/-]*\s*$/;
  function dress() {
    var main = document.querySelector('main');
    if (!main) return;
    var walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (var n = walk.nextNode(); n; n = walk.nextNode())
      if (DOCNO.test(n.nodeValue) && n.parentElement) n.parentElement.classList.add('docno');
    var tables = main.querySelectorAll('table');
    for (var t = 0; t < tables.length; t++) {
      var heads = tables[t].querySelectorAll('thead th');
      var rows = tables[t].tBodies.length ? tables[t].tBodies[0].rows : [];
      for (var r = 0; r < rows.length; r++)
        for (var c = 0; c < rows[r].cells.length && c < heads.length; c++)
          if (!rows[r].cells[c].hasAttribute('colspan') && heads[c].textContent.trim())
            rows[r].cells[c].setAttribute('data-label', heads[c].textContent.trim());
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', dress);
  else dress();

  document.addEventListener('click', function (e) {
    var p = e.target.closest ? e.target.closest('[data-print]') : null;
    if (p) {
      e.preventDefault();
      window.print();
    }
  });

  document.addEventListener('click', function (e) {
    var el = e.target.closest ? e.target.closest('[data-confirm]') : null;
    if (el && !window.confirm(el.getAttribute('data-confirm'))) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
})();
