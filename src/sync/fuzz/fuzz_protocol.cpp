// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// libFuzzer target for the protocol decoders: whatever the bytes, a decoder either returns a
// message or throws SyncError (any other exception, a crash or a sanitizer report is a bug),
// and what it returns encodes and decodes back to the same message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "motcua/protocol/protocol.h"

using namespace motcua::sync;

namespace {

template <typename Decode>
void roundTrip(std::string_view input, Decode decode) {
    try {
        const auto message = decode(input);
        if (!(decode(encode(message)) == message)) std::abort();
    } catch (const SyncError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    roundTrip(input, decodePushRequest);
    roundTrip(input, decodePushResult);
    roundTrip(input, decodePullResponse);
    roundTrip(input, decodeSession);
    roundTrip(input, decodeErrorBody);
    try {
        decodeLoginRequest(input);
    } catch (const SyncError&) {
    }
    return 0;
}
