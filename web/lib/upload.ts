import { ApiError, type RowProblem } from './api.ts';

function csrfToken(): string {
  const m = /(?:^|;\s*)belfry_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1] as string) : '';
}

/** Uploads one file as multipart form data, reporting upload progress (fetch cannot). */
export function uploadFile<T>(url: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('x-csrf-token', csrfToken());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const data = (() => {
        try {
          return JSON.parse(xhr.responseText) as { error?: string; problems?: RowProblem[] };
        } catch {
          return {};
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(new ApiError(xhr.status, data.error ?? `Upload failed (${xhr.status})`, data.problems ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'The upload was interrupted; check the connection and try again'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
