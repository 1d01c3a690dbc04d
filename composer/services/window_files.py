"""The names of the files the window keeps in the app home, written once.

The window's modules (autosave, window state, recent files and namespaces) name their files from
here, and `locations` lists them for the About box, `paths` and the reset advice, so the two can
not drift apart. Plain constants: the window imports this before its first paint.
"""

AUTOSAVE_FOLDER_NAME = "autosave"
SETTINGS_FILE_NAME = "settings.ini"
RECENT_FILES_FILE_NAME = "recent-files.json"
RECENT_NAMESPACES_FILE_NAME = "recent-namespaces.json"
RECENT_JOB_NAMESPACES_FILE_NAME = "recent-job-namespaces.json"
