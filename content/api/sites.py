"""Which site a request means, remembered per host in this process while the sites stand still.

Resolving a site (Wagtail's Site.find_for_request, or ?site=) costs a query; the
answer is kept here with the sites epoch read before resolving. Readers of the
store check that epoch inside their own query (content.delivery.served), so a
remembered site is never used after a Site changed, in this process or any other.
"""

from django.http.request import split_domain_port
from wagtail.models import Site

from content.delivery.served import SiteRef

MAX_REMEMBERED = 1000  # hosts and ?site= values; a flood of new ones starts the table afresh
_remembered: dict[tuple, SiteRef] = {}


def site_key(request) -> tuple:
    requested = request.GET.get("site")
    if requested:
        return ("site", requested)
    return ("host", split_domain_port(request._get_raw_host())[0], request.get_port())


def remembered_site(request) -> SiteRef | None:
    return _remembered.get(site_key(request))


def remember_site(request, site: Site, sites_epoch: int) -> SiteRef:
    if len(_remembered) >= MAX_REMEMBERED:
        _remembered.clear()
    root = site.root_page
    ref = _remembered[site_key(request)] = SiteRef(site.pk, root.path, root.url_path, sites_epoch)
    return ref


def forget_sites() -> None:
    _remembered.clear()
