-- Demo: 교통정책과 (transport). Generated rows with the defects real operational data has:
-- missing addresses, coordinates of zero, impossible dates in CHAR(8) columns, lower-case flags,
-- duplicated stop numbers and English column names beside standard ones.
SELECT setseed(0.31);

CREATE TABLE public.parking_lot (
    prkplce_no      varchar(20) PRIMARY KEY,
    prkplce_nm      varchar(100) NOT NULL,
    rdnmadr         varchar(200),
    lat             numeric(10, 7),
    lot             numeric(10, 7),
    prkcmprt_co     integer,
    parkingchrgeinfo varchar(10),
    opn_yn          char(1),
    reg_ymd         char(8),
    tel_no          varchar(20)
);
COMMENT ON TABLE public.parking_lot IS '공영주차장 정보';
COMMENT ON COLUMN public.parking_lot.prkplce_no IS '주차장관리번호';
COMMENT ON COLUMN public.parking_lot.prkplce_nm IS '주차장명';
COMMENT ON COLUMN public.parking_lot.rdnmadr IS '소재지도로명주소';
COMMENT ON COLUMN public.parking_lot.lat IS '위도';
COMMENT ON COLUMN public.parking_lot.lot IS '경도';
COMMENT ON COLUMN public.parking_lot.prkcmprt_co IS '주차구획수';
COMMENT ON COLUMN public.parking_lot.opn_yn IS '개방여부';
COMMENT ON COLUMN public.parking_lot.reg_ymd IS '등록일자';
COMMENT ON COLUMN public.parking_lot.tel_no IS '전화번호';

INSERT INTO public.parking_lot
SELECT 'P' || lpad(g::text, 6, '0'),
       (ARRAY['중앙','시청','역전','공원','시장','터미널','구청','체육관'])[1 + (g % 8)] || ' 공영주차장 ' || g,
       CASE WHEN random() < 0.07 THEN NULL ELSE '서울특별시 ' || (ARRAY['종로구','중구','용산구','성동구','마포구'])[1 + (g % 5)] || ' 세종대로 ' || (g % 300 + 1) END,
       CASE WHEN random() < 0.03 THEN 0 ELSE round((37.45 + random() * 0.2)::numeric, 7) END,
       CASE WHEN random() < 0.03 THEN 0 ELSE round((126.85 + random() * 0.3)::numeric, 7) END,
       CASE WHEN random() < 0.02 THEN -1 ELSE 10 + (random() * 490)::int END,
       (ARRAY['유료','무료','혼합'])[1 + (g % 3)],
       CASE WHEN random() < 0.05 THEN 'y' WHEN random() < 0.8 THEN 'Y' ELSE 'N' END,
       CASE WHEN random() < 0.04 THEN '2023' || lpad((13 + g % 5)::text, 2, '0') || '01'
            ELSE to_char(date '2015-01-01' + (random() * 3000)::int, 'YYYYMMDD') END,
       CASE WHEN random() < 0.1 THEN NULL ELSE '02-' || (2000 + g % 7000) || '-' || lpad((g * 7 % 10000)::text, 4, '0') END
FROM generate_series(1, 3000) AS g;

CREATE TABLE public.bus_stop (
    stop_id         bigint PRIMARY KEY,
    "StopName"      varchar(100),
    ars_no          varchar(5),
    latitude        double precision,
    longitude       double precision,
    install_date    varchar(10),
    shelter_yn      char(1)
);
COMMENT ON TABLE public.bus_stop IS '버스정류소 현황';
COMMENT ON COLUMN public.bus_stop.ars_no IS '정류소번호';

INSERT INTO public.bus_stop
SELECT 100000000 + g,
       CASE WHEN random() < 0.02 THEN '' ELSE (ARRAY['시청앞','광화문','서울역','을지로입구','종로3가','동대문'])[1 + (g % 6)] || '.' || g END,
       lpad(((g * 37) % 3500)::text, 5, '0'),
       37.4 + random() * 0.3,
       126.8 + random() * 0.4,
       CASE WHEN g % 3 = 0 THEN to_char(date '2000-01-01' + g, 'YYYY-MM-DD')
            WHEN g % 3 = 1 THEN to_char(date '2000-01-01' + g, 'YYYY.MM.DD')
            ELSE to_char(date '2000-01-01' + g, 'YYYYMMDD') END,
       CASE WHEN random() < 0.6 THEN 'Y' ELSE 'N' END
FROM generate_series(1, 4000) AS g;

CREATE VIEW public.parking_capacity_by_district AS
SELECT split_part(rdnmadr, ' ', 2) AS signgu_nm, count(*) AS prkplce_co, sum(prkcmprt_co) AS prkcmprt_co
FROM public.parking_lot
GROUP BY 1;
COMMENT ON VIEW public.parking_capacity_by_district IS '자치구별 주차구획 현황';
