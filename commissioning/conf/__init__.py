"""Parts of commissioning.settings that are long but read no environment variable: the API's
defaults and schema (`api`), sign-in (`accounts`), the beat schedule (`beat`), file storage
(`storage`), the Content Security Policy and logging (`security`). settings.py reads every variable and passes the values in."""
