use super::*;

/// What the oracle's server answers, recorded on 2026-12-07 from Debian
/// bookworm's `libwebsockets-test-server` (libwebsockets 4.1.6, default
/// pm_deflate options) listening on 127.0.0.1:7799, with a handshake
/// `GET / HTTP/1.1` carrying `Sec-WebSocket-Protocol: lws-status` (its
/// `dumb-increment-protocol` and `lws-mirror-protocol` veto the extension
/// in `LWS_CALLBACK_CONFIRM_EXTENSION_OKAY`, so they never answer one) and
/// `Sec-WebSocket-Extensions: <offer>`.  Every accepted response is
///
/// ```text
/// HTTP/1.1 101 Switching Protocols\r\n
/// Upgrade: WebSocket\r\n
/// Connection: Upgrade\r\n
/// Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n
/// Sec-WebSocket-Protocol: lws-status\r\n
/// Sec-WebSocket-Extensions: <answer>\r\n      (only when Some)
/// \r\n
/// ```
///
/// `Refused` means the server closed the connection without a response.
///
/// Besides these, 300 random offers (one to three elements drawn from the
/// names, parameters and separators below) were sent to the live oracle
/// and compared with [`server_answer`]: no difference.
enum Oracle {
    Answer(&'static str),
    NoExtension,
    Refused,
}
use Oracle::*;

const ORACLE: &[(&str, Oracle)] = &[
    // "Sec-WebSocket-Extensions: permessage-deflate"
    ("permessage-deflate", Answer("permessage-deflate")),
    // Chromium's and Firefox's usual offer.
    // "Sec-WebSocket-Extensions: permessage-deflate"
    ("permessage-deflate; client_max_window_bits", Answer("permessage-deflate")),
    ("permessage-deflate;client_max_window_bits", Answer("permessage-deflate")),
    // "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover"
    (
        "permessage-deflate; server_no_context_takeover",
        Answer("permessage-deflate; server_no_context_takeover"),
    ),
    // "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover"
    (
        "permessage-deflate; client_no_context_takeover",
        Answer("permessage-deflate; client_no_context_takeover"),
    ),
    // Window sizes are never answered, valid or not.
    // "Sec-WebSocket-Extensions: permessage-deflate"
    ("permessage-deflate; server_max_window_bits=10", Answer("permessage-deflate")),
    ("permessage-deflate; client_max_window_bits=10", Answer("permessage-deflate")),
    (
        "permessage-deflate; server_max_window_bits=10; client_max_window_bits",
        Answer("permessage-deflate"),
    ),
    ("permessage-deflate; server_max_window_bits=7", Answer("permessage-deflate")),
    ("permessage-deflate; server_max_window_bits=16", Answer("permessage-deflate")),
    ("permessage-deflate; server_max_window_bits=\"10\"", Answer("permessage-deflate")),
    ("permessage-deflate; client_max_window_bits=15", Answer("permessage-deflate")),
    ("permessage-deflate; server_max_window_bits=15", Answer("permessage-deflate")),
    ("permessage-deflate; server_max_window_bits=8", Answer("permessage-deflate")),
    ("permessage-deflate; client_max_window_bits=8", Answer("permessage-deflate")),
    ("permessage-deflate; server_max_window_bits", Answer("permessage-deflate")),
    // Unknown parameters are dropped, not declined.
    ("permessage-deflate; foo", Answer("permessage-deflate")),
    (
        "permessage-deflate; foo; server_no_context_takeover",
        Answer("permessage-deflate; server_no_context_takeover"),
    ),
    ("permessage-deflate; Server_No_Context_Takeover", Answer("permessage-deflate")),
    // Duplicates are echoed; values dropped.
    (
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        Answer("permessage-deflate; server_no_context_takeover; server_no_context_takeover"),
    ),
    (
        "permessage-deflate; server_no_context_takeover=1",
        Answer("permessage-deflate; server_no_context_takeover"),
    ),
    (
        "permessage-deflate; server_no_context_takeover=\"x\"",
        Answer("permessage-deflate; server_no_context_takeover"),
    ),
    // Offer order is kept.
    (
        "permessage-deflate; client_no_context_takeover; server_no_context_takeover",
        Answer("permessage-deflate; client_no_context_takeover; server_no_context_takeover"),
    ),
    (
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits",
        Answer("permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
    ),
    (
        "permessage-deflate; client_max_window_bits; server_no_context_takeover",
        Answer("permessage-deflate; server_no_context_takeover"),
    ),
    // Spaces are skipped, a TAB ends the element like a comma.
    (
        "permessage-deflate ; server_no_context_takeover",
        Answer("permessage-deflate; server_no_context_takeover"),
    ),
    (
        "permessage-deflate;server_no_context_takeover",
        Answer("permessage-deflate; server_no_context_takeover"),
    ),
    ("permessage-deflate;\tserver_no_context_takeover", Answer("permessage-deflate")),
    // Two offers: the first permessage-deflate one is taken.
    ("permessage-deflate; foo, permessage-deflate", Answer("permessage-deflate")),
    ("permessage-deflate; server_max_window_bits=10, permessage-deflate", Answer("permessage-deflate")),
    (
        "permessage-deflate; client_max_window_bits, permessage-deflate; server_no_context_takeover",
        Answer("permessage-deflate"),
    ),
    (
        "permessage-deflate; server_no_context_takeover, permessage-deflate",
        Answer("permessage-deflate; server_no_context_takeover"),
    ),
    (
        "permessage-deflate; server_no_context_takeover, permessage-deflate; client_no_context_takeover",
        Answer("permessage-deflate; server_no_context_takeover"),
    ),
    // ... but named twice, the first time bare, the handshake is refused.
    ("permessage-deflate, permessage-deflate; server_no_context_takeover", Refused),
    ("permessage-deflate,permessage-deflate", Refused),
    // Other extensions are passed over.
    ("x-webkit-deflate-frame, permessage-deflate", Answer("permessage-deflate")),
    ("permessage-deflate, x", Answer("permessage-deflate")),
    ("x; server_no_context_takeover, permessage-deflate", Answer("permessage-deflate")),
    (
        "foo, permessage-deflate; client_no_context_takeover",
        Answer("permessage-deflate; client_no_context_takeover"),
    ),
    // Names match case-sensitively.
    ("Permessage-Deflate", NoExtension),
    ("deflate-frame", NoExtension),
];

#[test]
fn server_answers_like_the_oracle() {
    let settings = Settings::default();
    for (offer, want) in ORACLE {
        let got = server_answer(&settings, offer);
        match want {
            Answer(a) => {
                let got = got.unwrap_or_else(|e| panic!("{offer:?}: {e:?}"));
                assert_eq!(
                    got.map(|g| g.header_value).as_deref(),
                    Some(*a),
                    "{offer:?}"
                );
            }
            NoExtension => assert_eq!(got, Ok(None), "{offer:?}"),
            Refused => assert_eq!(got, Err(NegotiationError::MentionedTwice), "{offer:?}"),
        }
    }
    // The header's length alone: 254 bytes are answered, 255 refused
    // (recorded with `x` * 234 + ", permessage-deflate" and one more x).
    let at = |n: usize| format!("{}, permessage-deflate", "x".repeat(n - 20));
    assert_eq!(at(254).len(), 254);
    assert_eq!(
        server_answer(&settings, &at(254))
            .unwrap()
            .unwrap()
            .header_value,
        "permessage-deflate"
    );
    assert_eq!(
        server_answer(&settings, &at(255)),
        Err(NegotiationError::TooLong)
    );
    // (So is "permessage-deflate, " + 300 x: the answer is not written.)
    let long = format!("permessage-deflate, {}", "x".repeat(300));
    assert_eq!(
        server_answer(&settings, &long),
        Err(NegotiationError::TooLong)
    );
    // A long header whose first element has parameters is answered: the
    // oracle's scan stops there (Autobahn 13.7.1's 296-byte offer, whose
    // answer on the oracle is this)
    let ab = "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; \
              server_max_window_bits=9, permessage-deflate; client_no_context_takeover; client_max_window_bits; \
              server_no_context_takeover, permessage-deflate; client_no_context_takeover; client_max_window_bits";
    assert_eq!(ab.len(), 296);
    assert_eq!(
        server_answer(&settings, ab).unwrap().unwrap().header_value,
        "permessage-deflate; client_no_context_takeover; server_no_context_takeover"
    );
    // No header at all: no extension header in the response either.
    assert_eq!(server_answer(&settings, ""), Ok(None));
}

#[test]
fn server_agreed_config() {
    let s = Settings::default();
    let a = server_answer(&s, "permessage-deflate; client_max_window_bits")
        .unwrap()
        .unwrap();
    assert_eq!(
        a.agreed,
        Agreed {
            server_no_context_takeover: false,
            client_no_context_takeover: false,
            server_max_window_bits: 15,
            client_max_window_bits: 15,
            compression_level: 1,
            rx_buf_size: 1024,
        }
    );
    let a = server_answer(
        &s,
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10",
    )
    .unwrap()
    .unwrap();
    assert!(a.agreed.server_no_context_takeover && a.agreed.client_no_context_takeover);
    // The server may compress with a smaller window unannounced ...
    assert_eq!(a.agreed.server_max_window_bits, 10);
    // ... but an invalid value is not applied.
    let a = server_answer(&s, "permessage-deflate; server_max_window_bits=16")
        .unwrap()
        .unwrap();
    assert_eq!(a.agreed.server_max_window_bits, 15);
    // The client's window is never limited by the answer.
    let a = server_answer(&s, "permessage-deflate; client_max_window_bits=9")
        .unwrap()
        .unwrap();
    assert_eq!(a.agreed.client_max_window_bits, 15);
    // The server's own settings: its window and its own resets.
    let s = Settings {
        server_max_window_bits: 12,
        server_no_context_takeover: true,
        ..s
    };
    let a = server_answer(&s, "permessage-deflate; server_max_window_bits=13")
        .unwrap()
        .unwrap();
    assert_eq!(a.header_value, "permessage-deflate");
    assert_eq!(a.agreed.server_max_window_bits, 12);
    assert!(a.agreed.server_no_context_takeover && !a.agreed.client_no_context_takeover);
}

fn ext(name: &str, params: &[(&str, Option<&str>)]) -> Extension {
    Extension {
        name: name.into(),
        params: params
            .iter()
            .map(|(n, v)| (n.to_string(), v.map(str::to_string)))
            .collect(),
    }
}

#[test]
fn parse_grammar() {
    assert_eq!(
        parse_extensions("permessage-deflate; client_max_window_bits, x-foo;a=1; b=\"two\" ,bar"),
        vec![
            Ok(ext(
                "permessage-deflate",
                &[("client_max_window_bits", None)]
            )),
            Ok(ext("x-foo", &[("a", Some("1")), ("b", Some("two"))])),
            Ok(ext("bar", &[])),
        ]
    );
    // A comma or semicolon inside a quoted string does not split.
    assert_eq!(
        parse_extensions("a; b=\"x,y\", c"),
        vec![Err(NegotiationError::Syntax), Ok(ext("c", &[]))]
    );
    assert_eq!(
        parse_extensions("a; b=\"1\\0\""),
        vec![Ok(ext("a", &[("b", Some("10"))]))]
    );
    assert_eq!(parse_extensions("a,,b").len(), 2);
    assert_eq!(parse_extensions(""), vec![]);
    for bad in [
        "a b",
        "a; =1",
        "a; b=",
        "a; b=\"x",
        ";b",
        "a; b c",
        "a; b=\"\"",
    ] {
        assert!(parse_extensions(bad).iter().any(|r| r.is_err()), "{bad:?}");
    }
}

fn params(s: &str, answer: bool) -> Result<PmdParams, NegotiationError> {
    let v = parse_extensions(s);
    assert_eq!(v.len(), 1);
    PmdParams::from_extension(v[0].as_ref().unwrap(), answer)
}

#[test]
fn strict_parameter_rules() {
    use NegotiationError::*;
    let p = params(
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8; client_max_window_bits=\"15\"",
        false,
    )
    .unwrap();
    assert_eq!(
        p,
        PmdParams {
            server_no_context_takeover: true,
            client_no_context_takeover: true,
            server_max_window_bits: Some(8),
            client_max_window_bits: ClientBits::Bits(15),
        }
    );
    assert_eq!(
        params("permessage-deflate; client_max_window_bits", false)
            .unwrap()
            .client_max_window_bits,
        ClientBits::NoValue
    );
    let cases: &[(&str, NegotiationError)] = &[
        (
            "permessage-deflate; client_max_window_bits",
            BadValue("client_max_window_bits".into()),
        ),
        ("permessage-deflate; foo", Unknown("foo".into())),
        (
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            Duplicate("server_no_context_takeover".into()),
        ),
        (
            "permessage-deflate; server_no_context_takeover=1",
            BadValue("server_no_context_takeover".into()),
        ),
        (
            "permessage-deflate; server_max_window_bits",
            BadValue("server_max_window_bits".into()),
        ),
        (
            "permessage-deflate; server_max_window_bits=7",
            BadValue("server_max_window_bits".into()),
        ),
        (
            "permessage-deflate; server_max_window_bits=16",
            BadValue("server_max_window_bits".into()),
        ),
        (
            "permessage-deflate; server_max_window_bits=010",
            BadValue("server_max_window_bits".into()),
        ),
        (
            "permessage-deflate; client_max_window_bits=x",
            BadValue("client_max_window_bits".into()),
        ),
    ];
    for (s, e) in cases {
        assert_eq!(params(s, true).as_ref(), Err(e), "{s:?}");
    }
    // Parameters round-trip through the header form.
    assert_eq!(params(&p.to_header(), false).unwrap(), p);
}

#[test]
fn client_offer_from_settings() {
    let s = Settings::default();
    assert_eq!(
        client_offer(&s),
        "permessage-deflate; client_max_window_bits"
    );
    let s = Settings {
        server_no_context_takeover: true,
        client_no_context_takeover: true,
        server_max_window_bits: 10,
        client_max_window_bits: 12,
        ..s
    };
    assert_eq!(
        client_offer(&s),
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover; \
         server_max_window_bits=10; client_max_window_bits=12"
    );
}

#[test]
fn client_checks_the_answer() {
    use NegotiationError::*;
    let s = Settings::default();
    let offer = client_offer_params(&s);
    let check = |r: &str| client_check_response(&s, &offer, Some(r));
    // The oracle's answer to the default offer.
    let a = check("permessage-deflate").unwrap().unwrap();
    assert_eq!(
        (a.server_max_window_bits, a.client_max_window_bits),
        (15, 15)
    );
    assert!(!a.server_no_context_takeover && !a.client_no_context_takeover);
    assert_eq!(client_check_response(&s, &offer, None), Ok(None));

    let a = check("permessage-deflate; client_max_window_bits=9; server_max_window_bits=11; client_no_context_takeover; server_no_context_takeover")
        .unwrap()
        .unwrap();
    assert_eq!(
        (a.server_max_window_bits, a.client_max_window_bits),
        (11, 9)
    );
    assert!(a.server_no_context_takeover && a.client_no_context_takeover);

    assert_eq!(
        check("permessage-deflate; client_max_window_bits"),
        Err(BadValue("client_max_window_bits".into()))
    );
    assert_eq!(check("permessage-deflate; foo"), Err(Unknown("foo".into())));
    assert_eq!(
        check("permessage-deflate, permessage-deflate"),
        Err(Unexpected)
    );
    assert_eq!(check("x-other"), Err(Unexpected));
    assert_eq!(check(""), Err(Syntax));
    assert_eq!(
        check("permessage-deflate; server_max_window_bits=16"),
        Err(BadValue("server_max_window_bits".into()))
    );

    // client_max_window_bits answered only if offered, and not above the offer.
    let bare = PmdParams::default();
    assert_eq!(
        client_check_response(
            &s,
            &bare,
            Some("permessage-deflate; client_max_window_bits=10")
        ),
        Err(NotOffered("client_max_window_bits".into()))
    );
    let s12 = Settings {
        client_max_window_bits: 12,
        server_max_window_bits: 10,
        ..Settings::default()
    };
    let offer12 = client_offer_params(&s12);
    assert_eq!(
        client_check_response(
            &s12,
            &offer12,
            Some("permessage-deflate; client_max_window_bits=13")
        ),
        Err(BadValue("client_max_window_bits".into()))
    );
    assert_eq!(
        client_check_response(
            &s12,
            &offer12,
            Some("permessage-deflate; server_max_window_bits=11")
        ),
        Err(BadValue("server_max_window_bits".into()))
    );
    // The oracle does not repeat the server's window: inflate with 15, and
    // compress with the client's own limit.
    let a = client_check_response(&s12, &offer12, Some("permessage-deflate"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (a.server_max_window_bits, a.client_max_window_bits),
        (15, 12)
    );
}

#[test]
fn agreed_makes_matching_codecs() {
    let s = Settings::default();
    let a = server_answer(&s, "permessage-deflate; server_no_context_takeover")
        .unwrap()
        .unwrap()
        .agreed;
    let mut server_tx = a.deflater(true);
    let mut client_rx = a.inflater(false, 1 << 20);
    let mut client_tx = a.deflater(false);
    let mut server_rx = a.inflater(true, 1 << 20);
    for msg in [&b"Hello"[..], b"Hello", b"", b"Hello Hello Hello"] {
        let mut out = Vec::new();
        client_rx
            .push(&server_tx.message(msg).unwrap(), true, &mut out, usize::MAX)
            .unwrap();
        assert_eq!(out, msg);
        out.clear();
        server_rx
            .push(&client_tx.message(msg).unwrap(), true, &mut out, usize::MAX)
            .unwrap();
        assert_eq!(out, msg);
    }
    // With server_no_context_takeover every "Hello" from the server is the
    // same 7 bytes.
    assert_eq!(
        server_tx.message(b"Hello").unwrap(),
        [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]
    );
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The oracle's server answers `server_no_context_takeover` but does not
/// reset its compressor: the two lws-status messages below (recorded from
/// libwebsockets-test-server after offering
/// `permessage-deflate; server_no_context_takeover`, the second one sent
/// when another client connected) decode only with the first one's
/// history.  So the client's inflater keeps its window whatever was agreed.
#[test]
fn oracle_ignores_its_own_server_no_context_takeover() {
    let first = unhex(
        "248bc10a833010447f45e66c83099234fb2b45444ac41c9214d7ea41fcf76eeaee69decc3b1bec61e558\
         3208bdd2ca3ed0363898c722c5b818e15d454be12d4f2948ded3bd89d5e97d0def9233835e273e21acc2\
         896639d2c6a94e5ea3c516ffb676de5aeb9f55c477922daee1fa01",
    );
    let second = unhex("aaa6d821a6606752e8101db23d0000");
    let s = Settings::default();
    let offer = PmdParams {
        server_no_context_takeover: true,
        ..client_offer_params(&s)
    };
    let agreed = client_check_response(
        &s,
        &offer,
        Some("permessage-deflate; server_no_context_takeover"),
    )
    .unwrap()
    .unwrap();
    assert!(agreed.server_no_context_takeover);
    let mut rx = agreed.inflater(false, 4096);
    let mut out = Vec::new();
    rx.push(&first, true, &mut out, usize::MAX).unwrap();
    assert!(out.ends_with(br#""time":"1796669849","ua":""}]}"#));
    out.clear();
    rx.push(&second, true, &mut out, usize::MAX).unwrap();
    assert_eq!(
        out,
        &br#"{ "version":"4.1.6-", "wss_over_h2":"0", "hostname":"vm", "wsi":"450", "conns":[{"peer":"::ffff:127.0.0.1","time":"1796669849","ua":""},{"peer":"::ffff:127.0.0.1","time":"1796669849","ua":""}]}"#[..]
    );
    // An inflater that reset as agreed would fail on the second message.
    let mut strict = Inflater::new(15, true, 4096);
    strict
        .push(&first, true, &mut Vec::new(), usize::MAX)
        .unwrap();
    assert_eq!(
        strict.push(&second, true, &mut Vec::new(), usize::MAX),
        Err(crate::pmd::CodecError::Invalid)
    );
}

/// What the oracle's client does with a server's answer, recorded with
/// Debian's `libwebsockets-test-client 127.0.0.1 -p 7801` against a fake
/// server on loopback that answered its `lws-mirror-protocol` connection
/// (offer: `permessage-deflate; client_no_context_takeover`) with
/// `Sec-WebSocket-Extensions: <answer>`: `true` = it carried on (sending
/// RSV1 frames, `c1 96 ...`), `false` = it closed the connection at once.
const ORACLE_CLIENT: &[(&str, bool)] = &[
    ("permessage-deflate", true),
    ("permessage-deflate; client_no_context_takeover", true),
    ("permessage-deflate; server_no_context_takeover", true),
    ("permessage-deflate; server_max_window_bits=10", true),
    ("permessage-deflate; client_max_window_bits=10", true),
    (
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        true,
    ),
    ("permessage-deflate; foo", false),
    ("permessage-deflate; server_max_window_bits=16", false),
    ("permessage-deflate; client_max_window_bits", false),
    ("permessage-deflate, permessage-deflate", false),
    ("x-foo", false),
];

#[test]
fn client_against_the_oracles_client() {
    let s = Settings::default();
    let offer = parse_offer("permessage-deflate; client_no_context_takeover").unwrap();
    assert!(offer.client_no_context_takeover);
    assert_eq!(offer.client_max_window_bits, ClientBits::Absent);
    for (answer, oracle_accepts) in ORACLE_CLIENT {
        let ours = client_check_response(&s, &offer, Some(answer)).is_ok();
        // Two deliberate differences, both where RFC 7692 says the client
        // must fail: the oracle takes client_max_window_bits it did not
        // offer (section 7.1.2.2) and a repeated parameter (section 7.1).
        let rfc_stricter = matches!(
            *answer,
            "permessage-deflate; client_max_window_bits=10"
                | "permessage-deflate; client_no_context_takeover; client_no_context_takeover"
        );
        assert_eq!(ours, *oracle_accepts && !rfc_stricter, "{answer:?}");
    }
    assert!(parse_offer("permessage-deflate; foo").is_err());
    assert!(parse_offer("x-foo").is_err());
    assert!(parse_offer("permessage-deflate, permessage-deflate").is_err());
}
