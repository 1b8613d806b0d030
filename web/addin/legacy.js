// Runs only where ES modules do not (the Internet Explorer 11 web view of
// older Office on Windows): the pane cannot work there, so say so plainly.
// ES5 on purpose.
(function () {
  var box = document.getElementById('outside-excel');
  if (!box) return;
  box.removeAttribute('hidden');
  box.getElementsByTagName('h2')[0].innerText = 'Tillägget kan inte användas här · The add-in cannot be used here';
  box.getElementsByTagName('p')[0].innerText = 'Den här versionen av Excel visar tillägg med en för gammal webbläsare (Internet Explorer). '
    + 'Använd Excel för Microsoft 365, Excel på webben eller en nyare Windows. · '
    + 'This version of Excel shows add-ins in a browser that is too old (Internet Explorer). '
    + 'Use Excel for Microsoft 365, Excel on the web or a newer Windows.';
  var buttons = document.getElementsByTagName('button');
  for (var i = 0; i < buttons.length; i += 1) buttons[i].disabled = true;
}());
