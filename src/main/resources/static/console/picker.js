// Picks places by name with the bot's gazetteer search (/admin/places): each pick becomes a hidden
// field of the form, shown as a chip with a button to take it away. Texts come from data-* attributes
// the page fills from the message bundles.
(function () {
  'use strict';

  function setup(picker) {
    var input = picker.querySelector('.picker-search');
    var results = picker.querySelector('.picker-results');
    var chips = picker.querySelector('.picker-chips');
    var status = picker.querySelector('.picker-status');
    var d = picker.dataset;
    var timer = null;
    var asked = 0;

    function label(option) {
      return option.kind === 'PROVINCE' ? option.name : option.name + ', ' + option.province;
    }

    function value(option) {
      if (d.value === 'unit') {
        return option.unit;
      }
      if (d.value === 'province') {
        return String(option.code).padStart(2, '0');
      }
      return String(option.code);
    }

    function add(option) {
      var name = option.kind === 'PROVINCE' ? d.provinceField : d.communeField;
      var code = value(option);
      var taken = Array.prototype.some.call(chips.querySelectorAll('input[type=hidden]'), function (field) {
        return field.name === name && field.value === code;
      });
      if (!name || taken) {
        return;
      }
      if (d.single === 'true') {
        chips.replaceChildren();
      }
      var chip = document.createElement('li');
      chip.className = 'chip';
      var text = document.createElement('span');
      text.textContent = label(option);
      var field = document.createElement('input');
      field.type = 'hidden';
      field.name = name;
      field.value = code;
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'picker-remove secondary';
      remove.textContent = '×';
      remove.setAttribute('aria-label', d.removeLabel.replace('{0}', label(option)));
      chip.append(text, field, remove);
      chips.append(chip);
      status.textContent = d.addedLabel.replace('{0}', label(option));
    }

    function show(options) {
      results.replaceChildren();
      options.forEach(function (option) {
        var item = document.createElement('li');
        var choose = document.createElement('button');
        choose.type = 'button';
        choose.className = 'picker-option secondary';
        choose.textContent = label(option);
        choose.addEventListener('click', function () {
          add(option);
          input.value = '';
          results.replaceChildren();
          input.focus();
        });
        item.append(choose);
        results.append(item);
      });
      status.textContent = options.length ? d.foundLabel.replace('{0}', options.length) : d.noneLabel;
    }

    function search() {
      var query = input.value.trim();
      var mine = ++asked;
      if (query.length < 2) {
        results.replaceChildren();
        status.textContent = '';
        return;
      }
      fetch(d.url + '?kinds=' + encodeURIComponent(d.kinds || 'places') + '&q=' + encodeURIComponent(query),
          {headers: {Accept: 'application/json'}, credentials: 'same-origin'})
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (found) {
          if (mine === asked) {
            show(found.options);
          }
        })
        .catch(function () {
          if (mine === asked) {
            status.textContent = d.failedLabel;
          }
        });
    }

    chips.addEventListener('click', function (event) {
      var remove = event.target.closest('.picker-remove');
      if (remove) {
        remove.closest('li').remove();
        input.focus();
      }
    });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener('keydown', function (event) {
      // Enter searches at once; it must not send the whole form.
      if (event.key === 'Enter') {
        event.preventDefault();
        clearTimeout(timer);
        search();
      }
    });
  }

  document.querySelectorAll('.picker').forEach(setup);
})();
