package org.mviot.edge.position.internal.nmea;

/**
 * An NMEA 0183 sentence parser for GGA, RMC, GSA, VTG and GNS from the talkers GP (GPS), GN (several
 * constellations), GL (GLONASS), GA (Galileo), BD and GB (BeiDou), GQ (QZSS).
 * <p>
 * It reads one line (without CR LF) from a byte array into its {@link NmeaSentence} and says what it
 * was; it never throws on any input and allocates nothing: fields are located by index into the
 * line, numbers parsed from the bytes. The checksum is required and checked (a GNSS line has no
 * other integrity check, and a bit flipped in a latitude moves the gateway).
 */
public final class NmeaParser {

    /** What a line was. */
    public enum Result {
        /** A sentence read into {@link #sentence()}. */
        OK,
        /** Not an NMEA sentence ($…*hh). */
        GARBAGE,
        /** The checksum does not match. */
        BAD_CHECKSUM,
        /** Well-formed, but a talker or sentence type not read here (GSV, TXT, proprietary). */
        UNSUPPORTED,
        /** A supported sentence with a field that is not what the standard says. */
        MALFORMED
    }

    /** NMEA allows 82 characters with $ and CR LF; some receivers exceed it. Longer lines are refused. */
    public static final int MAX_LINE = 120;
    private static final int MAX_FIELDS = 32;
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

    private final NmeaSentence sentence = new NmeaSentence();
    /** Field i spans [start[i], end[i]) of the line; field 0 is the address (talker + type). */
    private final int[] start = new int[MAX_FIELDS];
    private final int[] end = new int[MAX_FIELDS];
    private int fields;
    private byte[] line;

    /** @return the sentence read by the last {@link #parse} that returned {@link Result#OK} */
    public NmeaSentence sentence() {
        return sentence;
    }

    /**
     * @param buf bytes
     * @param off where the line starts (at '$')
     * @param len its length, without CR LF
     * @return what it was
     */
    public Result parse(byte[] buf, int off, int len) {
        sentence.clear();
        if (len < 10 || len > MAX_LINE || off < 0 || off + len > buf.length || buf[off] != '$') {
            return Result.GARBAGE;
        }
        int star = off + len - 3;
        if (buf[star] != '*') {
            return Result.GARBAGE;
        }
        int hi = hex(buf[star + 1]);
        int lo = hex(buf[star + 2]);
        if (hi < 0 || lo < 0) {
            return Result.GARBAGE;
        }
        int sum = 0;
        for (int i = off + 1; i < star; i++) {
            byte b = buf[i];
            if (b < 0x20 || b > 0x7E || b == '$' || b == '*') {
                return Result.GARBAGE;
            }
            sum ^= b;
        }
        if (sum != (hi << 4 | lo)) {
            return Result.BAD_CHECKSUM;
        }
        line = buf;
        fields = 0;
        int s = off + 1;
        for (int i = off + 1; i <= star; i++) {
            if (i == star || buf[i] == ',') {
                if (fields == MAX_FIELDS) {
                    return Result.MALFORMED;
                }
                start[fields] = s;
                end[fields] = i;
                fields++;
                s = i + 1;
            }
        }
        if (end[0] - start[0] != 5) {
            return Result.UNSUPPORTED;
        }
        int a = start[0];
        int talker = (buf[a] & 0xFF) << 8 | (buf[a + 1] & 0xFF);
        if (!knownTalker(talker)) {
            return Result.UNSUPPORTED;
        }
        sentence.talker = talker;
        int t0 = buf[a + 2];
        int t1 = buf[a + 3];
        int t2 = buf[a + 4];
        try {
            if (t0 == 'G' && t1 == 'G' && t2 == 'A') {
                return gga();
            } else if (t0 == 'R' && t1 == 'M' && t2 == 'C') {
                return rmc();
            } else if (t0 == 'G' && t1 == 'S' && t2 == 'A') {
                return gsa();
            } else if (t0 == 'V' && t1 == 'T' && t2 == 'G') {
                return vtg();
            } else if (t0 == 'G' && t1 == 'N' && t2 == 'S') {
                return gns();
            }
            return Result.UNSUPPORTED;
        } finally {
            line = null;
        }
    }

    private static boolean knownTalker(int t) {
        return t == ('G' << 8 | 'P') || t == ('G' << 8 | 'N') || t == ('G' << 8 | 'L') || t == ('G' << 8 | 'A')
                || t == ('B' << 8 | 'D') || t == ('G' << 8 | 'B') || t == ('G' << 8 | 'Q');
    }

    /** $--GGA,time,lat,N,lon,E,quality,sats,hdop,alt,M,sep,M,age,station */
    private Result gga() {
        if (fields < 13) {
            return Result.MALFORMED;
        }
        sentence.type = NmeaSentence.Type.GGA;
        sentence.quality = (int) integer(6);
        if (sentence.quality < 0 || sentence.quality > 8) {
            return malformed();
        }
        sentence.valid = sentence.quality > 0;
        if (!time(1) || !position(2)) {
            return malformed();
        }
        sentence.satellites = (int) integer(7);
        sentence.hdop = decimal(8);
        sentence.altitudeMsl = decimal(9);
        sentence.geoidSeparation = decimal(11);
        return sentence.valid && Double.isNaN(sentence.latitude) ? malformed() : Result.OK;
    }

    /** $--RMC,time,status,lat,N,lon,E,knots,course,ddmmyy,magvar,E[,mode[,navstatus]] */
    private Result rmc() {
        if (fields < 10) {
            return Result.MALFORMED;
        }
        sentence.type = NmeaSentence.Type.RMC;
        byte status = single(2);
        if (status != 'A' && status != 'V') {
            return malformed();
        }
        byte mode = fields > 12 ? single(12) : 0;
        sentence.valid = status == 'A' && mode != 'N';
        sentence.quality = sentence.valid ? modeQuality(mode == 0 ? 'A' : mode) : 0;
        if (!time(1) || !position(3) || !date(9)) {
            return malformed();
        }
        double knots = decimal(7);
        sentence.speedKmh = knots * 1.852;
        sentence.courseDeg = decimal(8);
        return sentence.valid && Double.isNaN(sentence.latitude) ? malformed() : Result.OK;
    }

    /** $--GSA,mode,fixtype,sv×12,pdop,hdop,vdop[,system] */
    private Result gsa() {
        if (fields < 18) {
            return Result.MALFORMED;
        }
        sentence.type = NmeaSentence.Type.GSA;
        sentence.fixType = (int) integer(2);
        if (sentence.fixType < 1 || sentence.fixType > 3) {
            return malformed();
        }
        sentence.valid = sentence.fixType > 1;
        int used = 0;
        for (int i = 3; i <= 14; i++) {
            if (end[i] > start[i]) {
                used++;
            }
        }
        sentence.satellites = used;
        sentence.pdop = decimal(15);
        sentence.hdop = decimal(16);
        sentence.vdop = decimal(17);
        return Result.OK;
    }

    /** $--VTG,course,T,course,M,knots,N,kmh,K[,mode] */
    private Result vtg() {
        if (fields < 9) {
            return Result.MALFORMED;
        }
        sentence.type = NmeaSentence.Type.VTG;
        byte mode = fields > 9 ? single(9) : (byte) 'A';
        sentence.valid = mode != 'N';
        sentence.courseDeg = decimal(1);
        sentence.speedKmh = decimal(7);
        return Result.OK;
    }

    /** $--GNS,time,lat,N,lon,E,mode,sats,hdop,alt,sep,age,station[,navstatus] */
    private Result gns() {
        if (fields < 13) {
            return Result.MALFORMED;
        }
        sentence.type = NmeaSentence.Type.GNS;
        // one mode letter per constellation (GPS, GLONASS, Galileo, BeiDou…): a fix when any is not N
        int best = 0;
        if (end[6] == start[6]) {
            return malformed();
        }
        for (int i = start[6]; i < end[6]; i++) {
            int q = modeQuality(line[i]);
            if (q < 0) {
                return malformed();
            }
            best = Math.max(best, q);
        }
        sentence.quality = best;
        sentence.valid = best > 0;
        if (!time(1) || !position(2)) {
            return malformed();
        }
        sentence.satellites = (int) integer(7);
        sentence.hdop = decimal(8);
        sentence.altitudeMsl = decimal(9);
        sentence.geoidSeparation = decimal(10);
        return sentence.valid && Double.isNaN(sentence.latitude) ? malformed() : Result.OK;
    }

    /** The GGA quality a mode letter stands for (NMEA 2.3+): −1 when it is none. */
    private static int modeQuality(int mode) {
        return switch (mode) {
            case 'N' -> 0;
            case 'A' -> 1;
            case 'D' -> 2;
            case 'P' -> 3;
            case 'R' -> 4;
            case 'F' -> 5;
            case 'E' -> 6;
            case 'M' -> 7;
            case 'S' -> 8;
            default -> -1;
        };
    }

    private Result malformed() {
        NmeaSentence.Type t = sentence.type;
        int talker = sentence.talker;
        sentence.clear();
        sentence.type = t;
        sentence.talker = talker;
        return Result.MALFORMED;
    }

    /** hhmmss[.sss]: empty is allowed (no time), anything else must be a time of day. */
    private boolean time(int f) {
        int s = start[f];
        int e = end[f];
        if (s == e) {
            return true;
        }
        if (e - s < 6 || !digits(s, s + 6)) {
            return false;
        }
        int h = twoDigits(s);
        int m = twoDigits(s + 2);
        int sec = twoDigits(s + 4);
        if (h > 23 || m > 59 || sec > 60) {
            return false;
        }
        long millis = 0;
        if (e > s + 6) {
            if (line[s + 6] != '.' || !digits(s + 7, e)) {
                return false;
            }
            int scale = 100;
            for (int i = s + 7; i < e && scale > 0; i++) {
                millis += (line[i] - '0') * scale;
                scale /= 10;
            }
        }
        sentence.timeOfDayMillis = ((h * 60L + m) * 60 + sec) * 1000 + millis;
        return true;
    }

    /** ddmmyy: empty allowed. */
    private boolean date(int f) {
        int s = start[f];
        int e = end[f];
        if (s == e) {
            return true;
        }
        if (e - s != 6 || !digits(s, e)) {
            return false;
        }
        int d = twoDigits(s);
        int m = twoDigits(s + 2);
        int y = twoDigits(s + 4);
        if (d < 1 || d > 31 || m < 1 || m > 12) {
            return false;
        }
        // two-digit years: receivers of this century (NMEA has no century)
        sentence.epochDay = epochDay(2000 + y, m, d);
        return true;
    }

    /** Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), without java.time objects. */
    static long epochDay(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097L + doe - 719468;
    }

    /** lat field f (ddmm.mmmm), hemisphere f+1, lon f+2 (dddmm.mmmm), hemisphere f+3: all empty, or all valid. */
    private boolean position(int f) {
        boolean empty = end[f] == start[f] && end[f + 2] == start[f + 2];
        if (empty) {
            return true;
        }
        double lat = degreesMinutes(f, 2);
        double lon = degreesMinutes(f + 2, 3);
        byte ns = single(f + 1);
        byte ew = single(f + 3);
        if (Double.isNaN(lat) || Double.isNaN(lon) || (ns != 'N' && ns != 'S') || (ew != 'E' && ew != 'W') || lat > 90 || lon > 180) {
            return false;
        }
        sentence.latitude = ns == 'S' ? -lat : lat;
        sentence.longitude = ew == 'W' ? -lon : lon;
        return true;
    }

    /** [d]ddmm.mmmm: degrees have exactly {@code degreeDigits} digits, minutes below 60. */
    private double degreesMinutes(int f, int degreeDigits) {
        int s = start[f];
        if (end[f] - s < degreeDigits + 2 || !digits(s, s + degreeDigits)) {
            return Double.NaN;
        }
        int deg = 0;
        for (int i = s; i < s + degreeDigits; i++) {
            deg = deg * 10 + line[i] - '0';
        }
        double minutes = number(s + degreeDigits, end[f]);
        if (!(minutes >= 0 && minutes < 60)) {
            return Double.NaN;
        }
        return deg + minutes / 60;
    }

    private byte single(int f) {
        return end[f] - start[f] == 1 ? line[start[f]] : 0;
    }

    private long integer(int f) {
        int s = start[f];
        int e = end[f];
        if (s == e || e - s > 9 || !digits(s, e)) {
            return -1;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            v = v * 10 + line[i] - '0';
        }
        return v;
    }

    private double decimal(int f) {
        return f < fields ? number(start[f], end[f]) : Double.NaN;
    }

    /** [-]digits[.digits], at most 18 significant digits; NaN when empty or not a number. */
    private double number(int s, int e) {
        if (s >= e) {
            return Double.NaN;
        }
        boolean negative = line[s] == '-';
        int i = negative ? s + 1 : s;
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        for (; i < e; i++) {
            byte b = line[i];
            if (b == '.' && !point) {
                point = true;
            } else if (b >= '0' && b <= '9') {
                if (digits == 18) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (b - '0');
                digits++;
                if (point) {
                    scale++;
                }
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        double v = mantissa / POW10[scale];
        return negative ? -v : v;
    }

    private boolean digits(int s, int e) {
        for (int i = s; i < e; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private int twoDigits(int at) {
        return (line[at] - '0') * 10 + (line[at + 1] - '0');
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }
}
