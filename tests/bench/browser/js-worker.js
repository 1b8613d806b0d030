// PapaParse (parse only) and SheetJS (read only), as a page would use them
// in a worker: the whole file, default options but the delimiter/encoding.
/* global Papa, XLSX */
onmessage = async (event) => {
  const { type, tool, blob } = event.data;
  try {
    if (type === 'load') {
      importScripts('/npm/papaparse/papaparse.min.js', '/npm/xlsx/dist/xlsx.full.min.js');
      postMessage({ type: 'loaded' });
      return;
    }
    if (tool === 'papaparse') {
      Papa.parse(blob, {
        delimiter: ';',
        encoding: 'windows-1252',
        complete: (result) => postMessage({ type: 'done', rows: result.data.length }),
        error: (error) => postMessage({ type: 'failed', message: String(error) }),
      });
    } else if (tool === 'sheetjs') {
      const book = XLSX.read(new Uint8Array(await blob.arrayBuffer()), { type: 'array' });
      const sheet = book.Sheets[book.SheetNames[0]];
      const range = XLSX.utils.decode_range(sheet['!ref']);
      postMessage({ type: 'done', rows: range.e.r + 1 });
    }
  } catch (error) {
    postMessage({ type: 'failed', message: String(error?.message ?? error) });
  }
};
