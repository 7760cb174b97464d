/**
 * The RTMP handshake (C0-C2 / S0-S2, RTMP 1.0 §5.2), plain and Flash Player 9+ digest ("complex"), server side
 * ({@link org.rtmpcluster.rtmp.handshake.ServerHandshake}) and client side
 * ({@link org.rtmpcluster.rtmp.handshake.ClientHandshake}). A pure codec: bytes in, bytes out; randomness and
 * the time field are passed in. The digest layout and keys follow librtmp's handshake.h and ffmpeg's
 * rtmpproto.c, the two clients this server must satisfy. RTMPE (C0 = 6, 8, 9) is refused.
 */
package org.rtmpcluster.rtmp.handshake;
