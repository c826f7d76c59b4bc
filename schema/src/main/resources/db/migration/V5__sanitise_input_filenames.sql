-- Upload filenames are labels that travel into the upstream's multipart part headers: names stored before the API
-- sanitised them (imageedit.validation.UploadFilenames) get the same treatment here, so the worker forwards none
-- with CR/LF, quotes, backslashes or path parts. A name left empty becomes the input's role and position.
update image_edit_inputs
   set filename = coalesce(
           nullif(btrim(left(regexp_replace(regexp_replace(filename, '^.*[/\\]', ''), '[[:cntrl:]"''\\]', '', 'g'), 255)), ''),
           role || position)
 where filename ~ '[[:cntrl:]"''\\/]' or length(filename) > 255;
