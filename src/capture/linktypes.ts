/** LINKTYPE_* values (https://www.tcpdump.org/linktypes.html) that vrrpscope decodes or names. */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OPENBSD: 12,
  RAW: 101,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Names for link types, for reporting the ones that are not decoded. */
const NAMES: Record<number, string> = {
  0: 'NULL (BSD loopback)',
  1: 'ETHERNET',
  6: 'IEEE802_5 (Token Ring)',
  7: 'ARCNET_BSD',
  8: 'SLIP',
  9: 'PPP',
  10: 'FDDI',
  12: 'RAW (OpenBSD)',
  50: 'PPP_HDLC',
  51: 'PPP_ETHER',
  101: 'RAW',
  104: 'C_HDLC',
  105: 'IEEE802_11',
  107: 'FRELAY',
  108: 'LOOP',
  113: 'LINUX_SLL',
  119: 'IEEE802_11_PRISM',
  127: 'IEEE802_11_RADIOTAP',
  129: 'ARCNET_LINUX',
  143: 'DOCSIS',
  147: 'USER0',
  163: 'IEEE802_11_AVS',
  192: 'PPI',
  201: 'ERF',
  228: 'IPV4',
  229: 'IPV6',
  242: 'IPOIB',
  247: 'NETLINK',
  276: 'LINUX_SLL2',
};

export function linkTypeName(linkType: number): string {
  return NAMES[linkType] ?? `LINKTYPE ${linkType}`;
}
