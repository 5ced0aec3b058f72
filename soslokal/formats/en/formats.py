# British English, as Norway's public sector writes it in English: 27 January 2027. Django's
# own "en" is American (Jan. 27, 2027). Bokmål and nynorsk keep Django's: 27. januar 2027.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
