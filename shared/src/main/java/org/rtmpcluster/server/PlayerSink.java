package org.rtmpcluster.server;

import io.netty.buffer.ByteBuf;
import org.rtmpcluster.media.MediaSink;
import org.rtmpcluster.media.StreamEvent;
import org.rtmpcluster.rtmp.message.Messages;
import org.rtmpcluster.rtmp.message.UserControl;
import org.rtmpcluster.rtmp.net.CloseReason;
import org.rtmpcluster.rtmp.net.RtmpConnection;

import java.util.function.Consumer;

/** The fan-out's view of a connection as a player of one NetStream: shared bytes out, stream events as statuses. */
final class PlayerSink implements MediaSink {
    private final RtmpConnection connection;
    private final NetStream netStream;
    private final Consumer<NetStream> stop;
    private final Timings timings;

    /**
     * {@code stop} ends the NetStream's play when the stream is gone for good; {@code timings} takes the time from
     * the play command to the first keyframe.
     */
    PlayerSink(RtmpConnection connection, NetStream netStream, Consumer<NetStream> stop, Timings timings) {
        this.connection = connection;
        this.netStream = netStream;
        this.stop = stop;
        this.timings = timings;
    }

    @Override
    public int messageStreamId() {
        return netStream.id;
    }

    @Override
    public boolean writeQueueFull() {
        return connection.writeQueueFull();
    }

    @Override
    public void write(ByteBuf wireBytes) {
        connection.sendShared(wireBytes);
    }

    @Override
    public void flush() {
        connection.flush();
    }

    @Override
    public void onStreamEvent(StreamEvent event) {
        if (netStream.subscriber == null) {
            return;
        }
        switch (event) {
            case UNPUBLISHED -> {
                connection.send(Messages.userControl(UserControl.STREAM_EOF, netStream.id));
                connection.send(Status.onStatus(netStream, Status.PLAY_UNPUBLISH_NOTIFY,
                        netStream.key + " is now unpublished."));
            }
            case REPUBLISHED -> {
                connection.send(Messages.userControl(UserControl.STREAM_BEGIN, netStream.id));
                connection.send(Status.onStatus(netStream, Status.PLAY_PUBLISH_NOTIFY,
                        netStream.key + " is now published."));
            }
            case ENDED -> {
                connection.send(Status.onStatus(netStream, Status.PLAY_STOP, "Stopped playing " + netStream.key + "."));
                stop.accept(netStream);
            }
        }
    }

    @Override
    public void firstKeyframe() {
        timings.firstKeyframe(System.nanoTime() - netStream.playAskedNanos);
    }

    @Override
    public void disconnect(String reason) {
        connection.close(CloseReason.TOO_SLOW, reason);
    }
}
