/**
 * Altinn II's `AttachmentType` enumeration (serviceEntity contracts) by file extension: Tinn stores no MIME
 * type for attachments, so SOAP answers name the type from the file name, `binary_octet_stream` otherwise.
 */
export const ALTINN_ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application_pdf',
  doc: 'application_msword',
  docx: 'application_msword',
  xls: 'application_vnd_ms_excel',
  xlsx: 'application_vnd_ms_excel',
  odt: 'application_vnd_oasis_opendocument_text',
  odp: 'application_vnd_oasis_opendocument_presentation',
  ods: 'application_vnd_oasis_opendocument_spreadsheet',
  rtf: 'application_rtf',
  ppt: 'application_vnd_ms_powerpoint',
  pptx: 'application_vnd_ms_powerpoint',
  ps: 'application_postscript',
  zip: 'application_zip',
  txt: 'text_plain',
  htm: 'text_html',
  html: 'text_html',
  xml: 'text_xml',
  jpg: 'image_jpeg',
  jpeg: 'image_jpeg',
  gif: 'image_gif',
  bmp: 'image_bmp',
};

/** The enumeration value for a file name's extension in `types` (a contract's enumeration), else the fallback. */
export function attachmentTypeOf(fileName: string, types: Readonly<Record<string, string>> = ALTINN_ATTACHMENT_TYPES): string {
  return types[/\.([^./]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? ''] ?? 'binary_octet_stream';
}
