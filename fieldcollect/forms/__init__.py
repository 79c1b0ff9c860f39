"""Forms: XLSForms built into XForms by pyxform, published with versions, served to phones."""
