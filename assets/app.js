// vanphong — progressive enhancement only: every page works without this file.
//   "/"            focuses the search box (#q) unless the user is typing in a field
//   Ctrl+S / ⌘+S   submits the form marked data-draft (save a draft) instead of saving the page
//   data-confirm   on a button or link asks before acting
//   data-print     on a button opens the browser's print dialog (the registers' "In sổ")
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
