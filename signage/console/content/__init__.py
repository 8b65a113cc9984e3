"""Content in the console: records edited in forms, checked by the rules ``signage
publish`` applies, written out as a content folder and published by the same build."""
