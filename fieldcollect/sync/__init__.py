"""The phone boundary: the OpenRosa server that ODK Collect and KoboCollect talk to.

Two audiences share the package: phones (`openrosa`, which speaks OpenRosa XML and nothing else)
and people who set phones up (`phones`: QR codes, rendered as images and pages). They are nested
under one blueprint so that create_app registers a single thing.
"""

from flask import Blueprint

from fieldcollect.extensions import csrf
from fieldcollect.sync.qr_views import phones
from fieldcollect.sync.views import openrosa

blueprint = Blueprint("sync", __name__)
blueprint.register_blueprint(openrosa)
blueprint.register_blueprint(phones)
# Phones authenticate every request themselves (key, Digest or Basic); there is no form to carry a token.
csrf.exempt(openrosa)
