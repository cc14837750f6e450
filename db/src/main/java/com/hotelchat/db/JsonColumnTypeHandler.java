package com.hotelchat.db;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** Maps a {@link JsonColumn}'s {@code jsonb} column to its record for the mappers. */
final class JsonColumnTypeHandler<T> extends BaseTypeHandler<T> {

    private final JsonColumn<T> column;

    JsonColumnTypeHandler(JsonColumn<T> column) {
        this.column = column;
    }

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, T parameter, JdbcType jdbcType) throws SQLException {
        ps.setObject(i, column.write(parameter), Types.OTHER);
    }

    @Override
    public T getNullableResult(ResultSet rs, String columnName) throws SQLException {
        return column.read(rs.getString(columnName));
    }

    @Override
    public T getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
        return column.read(rs.getString(columnIndex));
    }

    @Override
    public T getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
        return column.read(cs.getString(columnIndex));
    }
}
