// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Holds the server to what src/server/openapi.yaml promises: each response a test receives is
// looked up in the description (path template, method, status) and its body checked against
// the schema the description gives for it. The build turns the YAML into JSON
// (MOTCUA_OPENAPI_JSON); the checker knows the schema keywords the description uses and
// refuses any other, so a new keyword cannot pass unchecked.
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace motcua::test {

class OpenApiContract {
public:
    /// The description the build converted; loaded once.
    static const OpenApiContract& instance() {
        static const OpenApiContract contract(MOTCUA_OPENAPI_JSON);
        return contract;
    }

    explicit OpenApiContract(const std::string& jsonPath) {
        std::ifstream in(jsonPath);
        if (!in) throw std::runtime_error("cannot read " + jsonPath);
        m_spec = nlohmann::json::parse(in);
        for (const auto& [path, item] : m_spec.at("paths").items()) {
            // "/api/v1/blobs/{sha256}" -> ^/api/v1/blobs/[^/]+$
            const std::string pattern =
                std::regex_replace(path, std::regex(R"(\{[^}]+\})"), "[^/]+");
            m_paths.push_back({std::regex("^" + pattern + "$"), path});
        }
    }

    /// Empty when the response is one the description allows; otherwise what is wrong. A path
    /// the description does not have, or a method it does not list, may only be answered with
    /// the error body: 404 or 405, or 401 and 426 (the token and the protocol header are
    /// checked before the method).
    std::string check(std::string method, const std::string& target, int status,
                      const std::string& contentType, const std::string& body) const {
        for (char& c : method) c = char(std::tolower(static_cast<unsigned char>(c)));
        const std::string path = target.substr(0, target.find('?'));
        const std::string where = method + " " + path + " " + std::to_string(status);
        const nlohmann::json* item = nullptr;
        for (const auto& [re, name] : m_paths)
            if (std::regex_match(path, re)) item = &m_spec.at("paths").at(name);
        if (!item || !item->contains(method)) {
            if (status != 404 && status != 405 && status != 401 && status != 426)
                return where + ": not in openapi.yaml";
            return checkBody(where, m_spec.at("components").at("responses").at("Error"),
                             contentType, body, method);
        }
        const nlohmann::json& responses = item->at(method).at("responses");
        const std::string key = std::to_string(status);
        if (!responses.contains(key)) {
            if (!responses.contains("default"))
                return where + ": status not listed for the operation in openapi.yaml";
            return checkBody(where, resolve(responses.at("default")), contentType, body, method);
        }
        return checkBody(where, resolve(responses.at(key)), contentType, body, method);
    }

private:
    const nlohmann::json& resolve(const nlohmann::json& node) const {
        if (!node.is_object() || !node.contains("$ref")) return node;
        const std::string ref = node.at("$ref");
        if (ref.rfind("#/", 0) != 0)
            throw std::runtime_error("only local $refs are followed: " + ref);
        return resolve(m_spec.at(nlohmann::json::json_pointer(ref.substr(1))));
    }

    std::string checkBody(const std::string& where, const nlohmann::json& response,
                          const std::string& contentType, const std::string& body,
                          const std::string& method) const {
        if (method == "head" || !response.contains("content")) {
            if (!body.empty() && method != "head")
                return where + ": a body where openapi.yaml declares none";
            return {};
        }
        const std::string media = contentType.substr(0, contentType.find(';'));
        const auto& content = response.at("content");
        if (!content.contains(media))
            return where + ": content type '" + contentType + "' not declared";
        const auto& declared = content.at(media);
        if (media != "application/json" || !declared.contains("schema")) return {};
        nlohmann::json value;
        try {
            value = nlohmann::json::parse(body);
        } catch (const nlohmann::json::exception& e) {
            return where + ": the body is not JSON (" + e.what() + ")";
        }
        std::string problem;
        validate(declared.at("schema"), value, "$", problem);
        return problem.empty() ? std::string() : where + ": " + problem;
    }

    void validate(const nlohmann::json& schemaNode, const nlohmann::json& value,
                  const std::string& at, std::string& problem) const {
        if (!problem.empty()) return;
        const nlohmann::json& schema = resolve(schemaNode);
        static const std::set<std::string> known{
            "type",     "properties", "required",  "additionalProperties",
            "items",    "enum",       "nullable",  "pattern",
            "minimum",  "maximum",    "minLength", "maxLength",
            "maxItems", "minItems",   "format",    "description",
            "default",  "example"};
        for (const auto& [keyword, unused] : schema.items())
            if (!known.count(keyword)) {
                problem = at + ": the checker does not know the schema keyword '" + keyword + "'";
                return;
            }
        auto fail = [&](const std::string& why) {
            problem = at + ": " + why + " (got " + value.dump() + ")";
        };
        if (value.is_null()) {
            if (!schema.value("nullable", false)) fail("null where the schema does not allow it");
            return;
        }
        const std::string type = schema.value("type", "");
        if (type == "object") {
            if (!value.is_object()) return fail("not an object");
            for (const auto& name : schema.value("required", nlohmann::json::array()))
                if (!value.contains(name.get<std::string>()))
                    return fail("misses '" + name.get<std::string>() + "'");
            const auto properties = schema.value("properties", nlohmann::json::object());
            for (const auto& [name, member] : value.items()) {
                if (properties.contains(name)) {
                    validate(properties.at(name), member, at + "." + name, problem);
                } else if (schema.contains("additionalProperties") &&
                           schema.at("additionalProperties").is_object()) {
                    validate(schema.at("additionalProperties"), member, at + "." + name, problem);
                } else if (schema.contains("additionalProperties") &&
                           !schema.at("additionalProperties").get<bool>()) {
                    return fail("has '" + name + "', which the schema does not allow");
                }
            }
        } else if (type == "array") {
            if (!value.is_array()) return fail("not an array");
            if (schema.contains("maxItems") &&
                value.size() > schema.at("maxItems").get<std::size_t>())
                return fail("more items than maxItems");
            if (schema.contains("minItems") &&
                value.size() < schema.at("minItems").get<std::size_t>())
                return fail("fewer items than minItems");
            if (schema.contains("items"))
                for (std::size_t i = 0; i < value.size(); ++i)
                    validate(schema.at("items"), value[i], at + "[" + std::to_string(i) + "]",
                             problem);
        } else if (type == "string") {
            if (!value.is_string()) return fail("not a string");
            const std::string s = value.get<std::string>();
            // Lengths count characters: UTF-8 lead bytes.
            std::size_t chars = 0;
            for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
            if (schema.contains("maxLength") && chars > schema.at("maxLength").get<std::size_t>())
                return fail("too long");
            if (schema.contains("minLength") && chars < schema.at("minLength").get<std::size_t>())
                return fail("too short");
            if (schema.contains("pattern") &&
                !std::regex_search(s, std::regex(schema.at("pattern").get<std::string>())))
                return fail("does not match " + schema.at("pattern").get<std::string>());
        } else if (type == "integer" || type == "number") {
            if (type == "integer" ? !value.is_number_integer() : !value.is_number())
                return fail("not an " + type);
            const double v = value.get<double>();
            if (schema.contains("minimum") && v < schema.at("minimum").get<double>())
                return fail("below minimum");
            if (schema.contains("maximum") && v > schema.at("maximum").get<double>())
                return fail("above maximum");
        } else if (type == "boolean") {
            if (!value.is_boolean()) return fail("not a boolean");
        } else if (!type.empty()) {
            problem = at + ": the checker does not know the type '" + type + "'";
            return;
        }
        if (schema.contains("enum")) {
            const auto& options = schema.at("enum");
            if (std::find(options.begin(), options.end(), value) == options.end())
                fail("not one of " + options.dump());
        }
    }

    nlohmann::json m_spec;
    struct PathPattern {
        std::regex re;
        std::string name;
    };
    std::vector<PathPattern> m_paths;
};

}  // namespace motcua::test
