//! Request-head parsing cost, for the benchmark (bench/run.sh runs it under
//! callgrind twice, with 0 and with N parses, and prints the difference
//! divided by N: instructions per head).
//!
//! usage: h1_parse_cost KIND N   (KIND: small | browser | upgrade)

use websockets::h1::{parse_all, Limits};

const SMALL: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
const BROWSER: &[u8] = b"GET /static/app.js?v=3&lang=en HTTP/1.1\r\n\
Host: localhost:7681\r\n\
Connection: keep-alive\r\n\
sec-ch-ua: \"Chromium\";v=\"156\", \"Not A(Brand\";v=\"24\"\r\n\
sec-ch-ua-mobile: ?0\r\n\
User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36\r\n\
sec-ch-ua-platform: \"Linux\"\r\n\
Accept: */*\r\n\
Sec-Fetch-Site: same-origin\r\n\
Sec-Fetch-Mode: no-cors\r\n\
Sec-Fetch-Dest: script\r\n\
Referer: http://localhost:7681/\r\n\
Accept-Encoding: gzip, deflate, br, zstd\r\n\
Accept-Language: en-US,en;q=0.9\r\n\
Cookie: session=0123456789abcdef; theme=dark\r\n\r\n";
const UPGRADE: &[u8] = b"GET /echo HTTP/1.1\r\n\
Host: localhost:7681\r\n\
Connection: Upgrade\r\n\
Pragma: no-cache\r\n\
Cache-Control: no-cache\r\n\
User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36\r\n\
Upgrade: websocket\r\n\
Origin: http://localhost:7681\r\n\
Sec-WebSocket-Version: 13\r\n\
Accept-Encoding: gzip, deflate, br, zstd\r\n\
Accept-Language: en-US,en;q=0.9\r\n\
Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\
Sec-WebSocket-Protocol: lws-minimal\r\n\r\n";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let head = match args.get(1).map(String::as_str) {
        Some("small") => SMALL,
        Some("browser") => BROWSER,
        Some("upgrade") => UPGRADE,
        _ => {
            eprintln!("usage: h1_parse_cost small|browser|upgrade N");
            std::process::exit(2);
        }
    };
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let mut total = 0usize;
    for _ in 0..n {
        let (req, used) = parse_all(std::hint::black_box(head), Limits::default()).expect("head parses");
        assert_eq!(used, head.len());
        total += req.total_length(3) as usize;
        std::hint::black_box(&req);
    }
    println!("{total}");
}
