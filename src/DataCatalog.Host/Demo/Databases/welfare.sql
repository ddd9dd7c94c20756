-- Demo: 복지정책과 (welfare). Facility records with manager contacts (personal data the catalog must mask),
-- codes stored without a code table, and capacities missing for a share of rows.
SELECT setseed(0.52);

CREATE TABLE public.welfare_facility (
    fclty_id        integer PRIMARY KEY,
    fclty_nm        varchar(100) NOT NULL,
    fclty_ty_cd     varchar(4),
    rdnmadr         varchar(200),
    telno           varchar(20),
    chrg_nm         varchar(40),
    chrg_mbtlnum    varchar(20),
    aceptnc_psncpa  integer,
    opn_de          date,
    email           varchar(100)
);
COMMENT ON TABLE public.welfare_facility IS '사회복지시설 현황';
COMMENT ON COLUMN public.welfare_facility.fclty_nm IS '시설명';
COMMENT ON COLUMN public.welfare_facility.fclty_ty_cd IS '시설유형코드';
COMMENT ON COLUMN public.welfare_facility.chrg_mbtlnum IS '담당자휴대전화번호';
COMMENT ON COLUMN public.welfare_facility.aceptnc_psncpa IS '수용정원';

INSERT INTO public.welfare_facility
SELECT g,
       (ARRAY['행복','사랑','희망','나눔','온누리'])[1 + (g % 5)] || (ARRAY[' 노인복지관',' 장애인복지관',' 지역아동센터',' 종합사회복지관'])[1 + (g % 4)] || ' ' || g,
       (ARRAY['A01','A02','B10','C03','c03', NULL])[1 + (g % 6)],
       '서울특별시 ' || (ARRAY['강남구','서초구','송파구','강동구'])[1 + (g % 4)] || ' 테헤란로 ' || (g % 500 + 1),
       '02-' || (3000 + g % 6000) || '-' || lpad((g * 13 % 10000)::text, 4, '0'),
       (ARRAY['김','이','박','최','정'])[1 + (g % 5)] || (ARRAY['민준','서연','도윤','하은','지호'])[1 + (g * 3 % 5)],
       '010-' || lpad((1000 + g * 7 % 9000)::text, 4, '0') || '-' || lpad((g * 31 % 10000)::text, 4, '0'),
       CASE WHEN random() < 0.15 THEN NULL ELSE 10 + (random() * 200)::int END,
       date '1990-01-01' + (random() * 12000)::int,
       CASE WHEN random() < 0.3 THEN NULL ELSE 'fclty' || g || '@welfare.seoul.kr' END
FROM generate_series(1, 2500) AS g;
