/** A file the host produced (see inventory.export): its name, type and bytes in base64. */
export interface DownloadableFile {
  fileName: string;
  mimeType: string;
  base64: string;
}

/** Hands a file to the browser as a download: a Blob behind a temporary link, never a new window. */
export function saveFile(file: DownloadableFile): void {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
