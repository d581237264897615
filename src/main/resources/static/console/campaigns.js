// The preview is asked for in the background, so nothing typed or chosen (the picture included) is lost;
// without script the same button reloads the page with the preview.
(function () {
  'use strict';
  var form = document.getElementById('campaign-form');
  var button = document.getElementById('campaign-preview-button');
  var target = document.getElementById('campaign-preview');
  if (!form || !button || !target) {
    return;
  }
  button.addEventListener('click', function (event) {
    event.preventDefault();
    fetch(button.formAction, {method: 'POST', body: new FormData(form), credentials: 'same-origin'})
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        var preview = page.getElementById('campaign-preview');
        var error = page.querySelector('.flash.error');
        target.replaceChildren();
        if (error) {
          target.append(document.importNode(error, true));
        }
        if (preview) {
          Array.prototype.forEach.call(preview.childNodes, function (node) {
            target.append(document.importNode(node, true));
          });
        }
        target.scrollIntoView({block: 'start'});
      });
  });
})();
