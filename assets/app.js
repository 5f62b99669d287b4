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
  // workdays: data-fill="<input id>" data-value="…" on a button puts the value into that
  // input (a deadline refused for a day off offers the next working day); the rest is kept.
  document.addEventListener('click', function (e) {
    var el = e.target.closest ? e.target.closest('[data-fill]') : null;
    if (!el) return;
    var input = document.getElementById(el.getAttribute('data-fill'));
    if (!input) return;
    e.preventDefault();
    input.value = el.getAttribute('data-value');
    input.dispatchEvent(new Event('change', { bubbles: true }));
    input.focus();
  });
  // reporting: rows of a form (data-rows) added, moved and removed; the inputs are renumbered
  // ("form.indicators[2].code") and the count (data-row-count) kept, so the server reads them in
  // the order shown.
  function renumber(list) {
    var rows = list.querySelectorAll('[data-row]');
    for (var i = 0; i < rows.length; i++) {
      var els = rows[i].querySelectorAll('[name],[id],label[for],[aria-describedby]');
      for (var k = 0; k < els.length; k++) {
        var el = els[k];
        if (el.name) el.name = el.name.replace(/\[\d+\]/, '[' + i + ']');
        if (el.id) el.id = el.id.replace(/-\d+-/, '-' + i + '-');
        if (el.htmlFor) el.htmlFor = el.htmlFor.replace(/-\d+-/, '-' + i + '-');
        var d = el.getAttribute('aria-describedby');
        if (d) el.setAttribute('aria-describedby', d.replace(/-\d+-/, '-' + i + '-'));
      }
    }
    var count = list.parentNode.querySelector('[data-row-count]');
    if (count) count.value = String(rows.length);
  }
  document.addEventListener('click', function (e) {
    var t = e.target.closest ? e.target.closest('[data-row-add],[data-row-up],[data-row-down],[data-row-del]') : null;
    if (!t) return;
    e.preventDefault();
    var list, row;
    if (t.hasAttribute('data-row-add')) {
      list = document.getElementById(t.getAttribute('data-row-add'));
      var last = list && list.querySelector('[data-row]:last-child');
      if (!last) return;
      row = last.cloneNode(true);
      var ins = row.querySelectorAll('input,select,textarea');
      for (var i = 0; i < ins.length; i++) {
        if (ins[i].type === 'checkbox') ins[i].checked = false;
        else if (ins[i].tagName === 'SELECT') ins[i].selectedIndex = 0;
        else ins[i].value = '';
        ins[i].removeAttribute('aria-invalid');
        ins[i].removeAttribute('aria-describedby');
      }
      var errs = row.querySelectorAll('.field-error,.error,[id$="-err"]');
      for (var j = 0; j < errs.length; j++) errs[j].parentNode.removeChild(errs[j]);
      var bad = row.querySelectorAll('.has-error');
      for (var b = 0; b < bad.length; b++) bad[b].classList.remove('has-error');
      row.classList.remove('has-error');
      list.appendChild(row);
      renumber(list);
      var first = row.querySelector('input[type=text]');
      if (first) first.focus();
      return;
    }
    row = t.closest('[data-row]');
    list = row && row.parentNode;
    if (!list) return;
    if (t.hasAttribute('data-row-up') && row.previousElementSibling) list.insertBefore(row, row.previousElementSibling);
    else if (t.hasAttribute('data-row-down') && row.nextElementSibling) list.insertBefore(row.nextElementSibling, row);
    else if (t.hasAttribute('data-row-del')) {
      if (list.querySelectorAll('[data-row]').length > 1) list.removeChild(row);
      else {
        var v = row.querySelectorAll('input[type=text]');
        for (var x = 0; x < v.length; x++) v[x].value = '';
      }
    }
    renumber(list);
  });
})();
