package com.hotelchat.db.template;

import com.hotelchat.domain.Template;
import com.hotelchat.domain.TemplateContent;
import com.hotelchat.domain.TemplatePrefill;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface TemplateMapper {

    String COLUMNS = "id, name, language, category, status, content, prefill, whatsapp_id, updated_at";

    @Select("SELECT " + COLUMNS + " FROM whatsapp_templates ORDER BY name, language")
    List<Template> all();

    @Select("SELECT " + COLUMNS + " FROM whatsapp_templates WHERE id = #{id}")
    Template find(@Param("id") long id);

    /** Null when a template of that name and language exists already. */
    @Select("""
            INSERT INTO whatsapp_templates (name, language, category, status, content, prefill, whatsapp_id)
            VALUES (#{name}, #{language}, #{category}, #{status}, #{content}, #{prefill}, #{whatsappId})
            ON CONFLICT (name, language) DO NOTHING RETURNING\s""" + COLUMNS)
    Template insert(@Param("name") String name, @Param("language") String language, @Param("category") String category,
                    @Param("status") String status, @Param("content") TemplateContent content,
                    @Param("prefill") TemplatePrefill prefill, @Param("whatsappId") String whatsappId);

    @Select("""
            UPDATE whatsapp_templates SET name = #{t.name}, language = #{t.language}, category = #{t.category},
                   status = #{t.status}, content = #{t.content}, prefill = #{t.prefill}, updated_at = now()
            WHERE id = #{t.id} RETURNING\s""" + COLUMNS)
    Template update(@Param("t") Template template);

    /**
     * WhatsApp's word on a template, imported: a new one is added (with no prefill), a known one (same name and
     * language) takes WhatsApp's category, status, content and id and keeps its prefill.
     */
    @Select("""
            INSERT INTO whatsapp_templates (name, language, category, status, content, whatsapp_id)
            VALUES (#{name}, #{language}, #{category}, #{status}, #{content}, #{whatsappId})
            ON CONFLICT (name, language) DO UPDATE SET category = EXCLUDED.category, status = EXCLUDED.status,
                   content = EXCLUDED.content, whatsapp_id = EXCLUDED.whatsapp_id, updated_at = now()
            RETURNING (xmax = 0) AS created""")
    boolean importOne(@Param("name") String name, @Param("language") String language, @Param("category") String category,
                      @Param("status") String status, @Param("content") TemplateContent content,
                      @Param("whatsappId") String whatsappId);

    @Delete("DELETE FROM whatsapp_templates WHERE id = #{id}")
    int delete(@Param("id") long id);
}
