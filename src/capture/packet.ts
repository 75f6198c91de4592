/**
 * One captured frame as a reader hands it out.
 *
 * The object and the bytes it points at are REUSED by the reader for the next frame: a consumer that
 * keeps anything past the callback must copy it (the dissectors return plain values, so a decoded
 * packet is already a copy).
 */
export interface CapturedPacket {
  /** 1-based frame number in its file, as Wireshark counts it. */
  frame: number;
  /** Timestamp: whole seconds since the epoch, and nanoseconds within that second. */
  sec: number;
  nsec: number;
  /** Bytes captured (available at data[offset .. offset + caplen]). */
  caplen: number;
  /** Length of the frame on the wire (may exceed caplen when the snaplen cut it). */
  origLen: number;
  /** LINKTYPE_* value of the interface the frame came from. */
  linkType: number;
  /** pcapng interface id within its section (0 for classic pcap). */
  ifIndex: number;
  /** pcapng section number (0-based; always 0 for classic pcap). */
  section: number;
  /** The buffer holding the frame; valid only until the reader moves on. */
  data: Buffer;
  offset: number;
  /** Index of the input this frame came from (position in the list of inputs). */
  input: number;
  /**
   * What the capture thread's dissector found of the frame (Dissector.screen): NOT_SCREENED when
   * none looked at it (every reader), else a Screen code (see screenCode).
   */
  screen: number;
}

/**
 * Screen codes, from the capture thread to the analysis thread's dissector, which mirrors the
 * capture thread's cache of whole adverts (see Dissector.screen): NOT_SCREENED, nobody looked;
 * SCREENED, decode it and keep nothing; repeatOf(i), the frame repeats the advert kept in slot
 * i (its bytes are not passed on); keepIn(i), decode it and keep it in slot i. NOT_DECODED, a
 * frame the dissector does not decode, never reaches the analysis thread as a frame.
 */
export const NOT_DECODED = -1;
export const NOT_SCREENED = 0;
export const SCREENED = 1;
export const repeatOf = (slot: number): number => 2 + 2 * slot;
export const keepIn = (slot: number): number => 3 + 2 * slot;
/** Whether `screen` says repeatOf(slot): a frame passed on without its bytes. */
export const isRepeat = (screen: number): boolean => screen > SCREENED && (screen & 1) === 0;
/** The slot of repeatOf(slot) or keepIn(slot). */
export const slotOf = (screen: number): number => (screen - 2) >> 1;

/** A frame's time in seconds, as the analysis counts it. */
export function frameTime(p: { sec: number; nsec: number }): number {
  return p.sec + p.nsec / 1e9;
}

/** A packet object for a reader to fill in and hand out again and again, over `data`. */
export function blankPacket(data: Buffer, input: number): CapturedPacket {
  return {
    frame: 0,
    sec: 0,
    nsec: 0,
    caplen: 0,
    origLen: 0,
    linkType: 0,
    ifIndex: 0,
    section: 0,
    data,
    offset: 0,
    input,
    screen: NOT_SCREENED,
  };
}

/**
 * Exact decimal text of a timestamp, trailing zeros trimmed (at least microseconds are kept when
 * the fraction is non-zero, e.g. "1795561302.199002"). Avoids float noise such as ...19900199.
 */
export function formatTime(sec: number, nsec: number): string {
  if (nsec === 0) return String(sec);
  let frac = String(nsec).padStart(9, '0');
  let end = 9;
  while (end > 6 && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end);
  return `${sec}.${frac}`;
}
