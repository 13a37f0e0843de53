"""The laptop's address on the room's network, for the join URL and QR code tablets use."""

import ipaddress

import psutil


def lan_addresses() -> list[str]:
    """IPv4 addresses of the network interfaces that are up, private ranges first.

    Loopback and link-local (169.254.x.x) addresses are left out: tablets cannot reach them.
    """
    stats = psutil.net_if_stats()
    found = []
    for name, addresses in psutil.net_if_addrs().items():
        if name in stats and not stats[name].isup:
            continue
        for address in addresses:
            if address.family.name != "AF_INET":
                continue
            ip = ipaddress.ip_address(address.address)
            if ip.is_loopback or ip.is_link_local or ip.is_unspecified:
                continue
            found.append(ip)
    found.sort(key=lambda ip: (not ip.is_private, str(ip)))
    return [str(ip) for ip in found]
