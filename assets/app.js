// vanphong — progressive enhancement only: every page works without this file.
//   "/"            focuses the search box (#q) unless the user is typing in a field
//   Ctrl+S / ⌘+S   submits the form marked data-draft (save a draft) instead of saving the page
//   data-confirm   on a button or link asks before acting
//   data-print     on a button opens the browser's print dialog (the registers' "In sổ")
//   on load        an element whose whole text is a document number (08-CV/VPTU, 123/QĐ-UBND)
//                  gets class "docno" (never wrapped); table cells get data-label from their
//                  column's header, shown when rows become cards on a phone
//   data-max-bytes on a file input: a file over the server's limit is refused here, in red
//                  beside the field, before anything is sent (the server refuses it too)
//   data-fill      on a button: puts data-value into the input whose id it names (the next
//                  working day offered beside a deadline on a day off) instead of submitting
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

  function fileMessage(input, text) {
    var field = input.closest('.field') || input.parentNode;
    var id = (input.id || input.name) + '-size-err';
    var el = document.getElementById(id);
    if (!text) {
      if (el) el.parentNode.removeChild(el);
      input.setCustomValidity('');
      input.removeAttribute('aria-invalid');
      if (field.classList) field.classList.remove('has-error');
      return;
    }
    if (!el) {
      el = document.createElement('span');
      el.className = 'error';
      el.id = id;
      el.setAttribute('role', 'alert');
      input.insertAdjacentElement('afterend', el);
    }
    el.textContent = text;
    input.setCustomValidity(text);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', id);
    if (field.classList) field.classList.add('has-error');
  }

  function checkSize(input) {
    var max = Number(input.getAttribute('data-max-bytes'));
    var over = [];
    for (var i = 0; input.files && i < input.files.length; i++)
      if (max > 0 && input.files[i].size > max) over.push(input.files[i].name);
    var mb = Math.floor(max / (1024 * 1024));
    var vi = document.documentElement.lang !== 'en';
    fileMessage(input, over.length === 0 ? '' : vi
      ? 'Tệp ' + over.join(', ') + ' vượt quá giới hạn ' + mb + ' MB; hãy chọn tệp nhỏ hơn.'
      : 'The file ' + over.join(', ') + ' is over the ' + mb + ' MB limit; choose a smaller one.');
    return over.length === 0;
  }

  document.addEventListener('change', function (e) {
    if (e.target.matches && e.target.matches('input[type=file][data-max-bytes]')) checkSize(e.target);
  });

  document.addEventListener('submit', function (e) {
    var inputs = e.target.querySelectorAll ? e.target.querySelectorAll('input[type=file][data-max-bytes]') : [];
    for (var i = 0; i < inputs.length; i++) {
      if (!checkSize(inputs[i])) {
        e.preventDefault();
        inputs[i].focus();
        return;
      }
    }
  }, true);

  document.addEventListener('click', function (e) {
    var el = e.target.closest ? e.target.closest('[data-confirm]') : null;
    if (el && !window.confirm(el.getAttribute('data-confirm'))) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);

  document.addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('[data-fill]') : null;
    var input = b && document.getElementById(b.getAttribute('data-fill'));
    if (!input) return;
    e.preventDefault();
    input.value = b.getAttribute('data-value');
    input.removeAttribute('aria-invalid');
    input.focus();
  });
})();
