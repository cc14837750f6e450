package com.hotelchat.db.media;

import com.hotelchat.domain.MessageMedia;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.MappedTypes;

/** Maps the {@code jsonb} column {@code messages.media} to {@link MessageMedia} for the mappers. */
@MappedTypes(MessageMedia.class)
public final class MessageMediaTypeHandler extends BaseTypeHandler<MessageMedia> {

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, MessageMedia parameter, JdbcType jdbcType)
            throws SQLException {
        ps.setObject(i, MediaJson.write(parameter), Types.OTHER);
    }

    @Override
    public MessageMedia getNullableResult(ResultSet rs, String columnName) throws SQLException {
        return MediaJson.read(rs.getString(columnName));
    }

    @Override
    public MessageMedia getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
        return MediaJson.read(rs.getString(columnIndex));
    }

    @Override
    public MessageMedia getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
        return MediaJson.read(cs.getString(columnIndex));
    }
}
